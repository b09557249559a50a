import { redirect } from "next/navigation";

export default async function MappingsIndex({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  redirect(`/applications/${appId}/provisioning/mappings/User`);
}
