import { ProvisioningStatusBadge } from "@/components/applications/provisioning-status-badge";
import { Card } from "@/components/ui/card";
import { useLiveJobStatus } from "@/components/sync/use-live-job-status";
import type { SectionProps } from "./provisioning-form-state";

const OPTIONS = [
  { value: true, label: "On" },
  { value: false, label: "Off" },
];

/** Provisioning Status: On or Off, as a two-button radio group; On needs credentials that passed Test Connection. */
export function ProvisioningStatusSection({
  view,
  form,
  errors,
  update,
  readOnly,
  testPassed,
}: SectionProps & { testPassed: boolean }) {
  const status = useLiveJobStatus(view.mode === "Automatic" ? view.jobId : null, view.status);
  return (
    <Card
      id="provisioning-status"
      title="Provisioning Status"
      description="On: provisioning runs in the background, first an initial cycle, then incremental cycles. Off: it stops after the running cycle."
      actions={
        <span className="shrink-0 whitespace-nowrap">
          <ProvisioningStatusBadge status={status} />
        </span>
      }
    >
      <div className="space-y-2">
        <div
          role="radiogroup"
          aria-label="Provisioning Status"
          aria-describedby={errors.enabled ? "enabled-error" : undefined}
          className="inline-flex rounded-md border border-slate-300 p-0.5"
        >
          {OPTIONS.map((o) => (
            <label
              key={o.label}
              className={`cursor-pointer rounded px-4 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600 ${
                form.enabled === o.value
                  ? o.value
                    ? "bg-emerald-600 text-white"
                    : "bg-slate-700 text-white"
                  : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              <input
                type="radio"
                name="enabled"
                className="sr-only"
                checked={form.enabled === o.value}
                onChange={() => update("enabled", o.value)}
              />
              {o.label}
            </label>
          ))}
        </div>
        {errors.enabled ? (
          <p id="enabled-error" role="alert" className="text-sm text-red-700">
            {errors.enabled}
          </p>
        ) : view.enabled || readOnly ? null : view.credentialsTest.passedForSavedCredentials || testPassed ? (
          <p className="text-xs text-slate-500">
            The credentials passed Test Connection: turn provisioning On and save to start the initial cycle.
          </p>
        ) : (
          <p className="text-xs text-slate-500">
            Provisioning can be turned On once the credentials have passed Test Connection.
          </p>
        )}
      </div>
    </Card>
  );
}
