"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { allowDeletesAction } from "@/app/applications/[appId]/provisioning/engine-actions";
import { ConfirmDialog } from "@/components/mappings/confirm-dialog";
import { Button } from "@/components/ui/button";

/** "Allow deletes": approves the held disables and deletes for the next cycle only (with a confirmation). */
export function AllowDeletesButton({ jobId, applicationId }: { jobId: string; applicationId: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const queryClient = useQueryClient();
  return (
    <>
      <Button variant="danger" disabled={pending} onClick={() => setOpen(true)}>
        {pending ? "Allowing…" : "Allow deletes"}
      </Button>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={open}
        title="Allow these deletes?"
        confirmLabel="Allow deletes"
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          start(async () => {
            const r = await allowDeletesAction({ jobId, applicationId });
            setError(r.ok ? null : r.error);
            await queryClient.invalidateQueries({ queryKey: ["job-progress", jobId] });
          });
        }}
      >
        The next cycle disables or deletes every object the accidental deletion threshold held. Later cycles are guarded
        again.
      </ConfirmDialog>
    </>
  );
}
