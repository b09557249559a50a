import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getProvisioningConfig } from "@/lib/applications/provisioning/get-provisioning-config";
import { ProvisioningSetup } from "@/components/provisioning/provisioning-setup";
import { saveProvisioningConfigAction, testCredentialsAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Provisioning" };

export default async function ProvisioningPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const config = await getProvisioningConfig(appId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "application.not_found") notFound();
    throw e;
  });
  return <ProvisioningSetup initial={config} actions={{ save: saveProvisioningConfigAction, test: testCredentialsAction }} />;
}
