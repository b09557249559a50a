import { redirect } from "next/navigation";

export default async function ScopingIndex({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  redirect(`/applications/${appId}/provisioning/scoping/User`);
}
