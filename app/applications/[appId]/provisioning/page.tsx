import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getProvisioningConfig } from "@/lib/applications/provisioning/get-provisioning-config";
import { ProvisioningSetup } from "@/components/provisioning/provisioning-setup";
import { findJobIdForApplication } from "@/lib/sync/store/find-job-id";
import { CycleProgress } from "@/components/sync/cycle-progress";
import { DriftReportPanel } from "@/components/sync/drift-report-panel";
import { ProvisionOnDemand } from "@/components/sync/provision-on-demand";
import { RestartProvisioningButton } from "@/components/sync/restart-provisioning-button";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { saveProvisioningConfigAction, testCredentialsAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Provisioning" };

export default async function ProvisioningPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const config = await getProvisioningConfig(appId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "application.not_found") notFound();
    throw e;
  });
  const [jobId, canChange] = await Promise.all([findJobIdForApplication(appId), canCurrentUserChange()]);
  return (
    <div className="space-y-6">
      {jobId && config.mode === "Automatic" ? (
        canChange ? (
          <div className="grid gap-6 xl:grid-cols-2">
            <CycleProgress
              jobId={jobId}
              applicationId={appId}
              actions={<RestartProvisioningButton jobId={jobId} applicationId={appId} />}
            />
            <ProvisionOnDemand jobId={jobId} applicationId={appId} />
          </div>
        ) : (
          // Readers watch the job; restarting it and provisioning on demand are changes.
          <CycleProgress jobId={jobId} applicationId={appId} />
        )
      ) : null}
      {jobId && config.mode === "Automatic" ? <DriftReportPanel jobId={jobId} /> : null}
      <ProvisioningSetup
        initial={config}
        actions={{ save: saveProvisioningConfigAction, test: testCredentialsAction }}
      />
    </div>
  );
}
