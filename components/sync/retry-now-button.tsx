"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { retryNowAction } from "@/app/applications/[appId]/provisioning/engine-actions";
import { Button } from "@/components/ui/button";

/** "Retry now", in the quarantine banner once Test Connection has passed: leave quarantine and run now. */
export function RetryNowButton({ jobId, applicationId }: { jobId: string; applicationId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const queryClient = useQueryClient();
  return (
    <div className="mt-2 space-y-1">
      <p>Test Connection has passed with the saved credentials since the quarantine began.</p>
      <Button
        variant="primary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await retryNowAction({ jobId, applicationId });
            setError(r.ok ? null : r.error);
            await queryClient.invalidateQueries({ queryKey: ["job-progress", jobId] });
          })
        }
      >
        {pending ? "Retrying…" : "Retry now"}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
