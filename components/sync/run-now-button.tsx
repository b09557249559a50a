"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { runNowAction } from "@/app/applications/[appId]/provisioning/engine-actions";
import { Button } from "@/components/ui/button";

/** "Run now": starts the next (incremental) cycle now instead of at its scheduled time. */
export function RunNowButton({
  jobId,
  applicationId,
  running,
}: {
  jobId: string;
  applicationId: string;
  /** A cycle is running: the button waits for it. */
  running: boolean;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const queryClient = useQueryClient();
  return (
    <div className="inline-flex flex-col items-end">
      <Button
        className="whitespace-nowrap"
        disabled={pending || running}
        title={running ? "A cycle is running" : undefined}
        onClick={() =>
          start(async () => {
            const r = await runNowAction({ jobId, applicationId });
            setMessage(r.ok ? { ok: true, text: "An incremental cycle starts now." } : { ok: false, text: r.error });
            await queryClient.invalidateQueries({ queryKey: ["job-progress", jobId] });
          })
        }
      >
        {pending ? "Starting…" : "Run now"}
      </Button>
      {message ? (
        <p
          role={message.ok ? "status" : "alert"}
          className={`mt-1 text-xs ${message.ok ? "text-slate-600" : "text-red-800"}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
