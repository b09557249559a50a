"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { restartProvisioningAction } from "@/app/applications/[appId]/provisioning/engine-actions";
import { ConfirmDialog } from "@/components/mappings/confirm-dialog";
import { Button } from "@/components/ui/button";

/** Restart provisioning (confirmed): the next cycle is an initial one, now; links to target objects are kept. */
export function RestartProvisioningButton({ jobId, applicationId }: { jobId: string; applicationId: string }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const queryClient = useQueryClient();
  return (
    <div className="inline-flex flex-col items-end">
      <Button disabled={pending} onClick={() => setOpen(true)}>
        {pending ? "Restarting…" : "Restart provisioning"}
      </Button>
      {message ? (
        <p
          role={message.ok ? "status" : "alert"}
          className={`mt-1 text-xs ${message.ok ? "text-slate-600" : "text-red-800"}`}
        >
          {message.text}
        </p>
      ) : null}
      <ConfirmDialog
        open={open}
        title="Restart provisioning?"
        confirmLabel="Restart"
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          start(async () => {
            const r = await restartProvisioningAction({ jobId, applicationId });
            setMessage(
              r.ok ? { ok: true, text: "Restarted: an initial cycle starts now." } : { ok: false, text: r.error },
            );
            await queryClient.invalidateQueries({ queryKey: ["job-progress", jobId] });
          });
        }}
      >
        This clears the watermark, the quarantine and the failure counts, and runs an initial cycle over everything in
        scope. Objects already provisioned stay linked: nothing is created twice.
      </ConfirmDialog>
    </div>
  );
}
