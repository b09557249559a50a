"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Run now (a delta read) and Full reconcile now; the page refreshes while a run is on its way. */
export function LdapSyncControls({
  sourceId,
  configured,
  running,
  action,
}: {
  sourceId: string;
  configured: boolean;
  running: boolean;
  action: (input: { sourceId: string; full: boolean }) => Promise<ActionResult<undefined>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<undefined> | null>(null);
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    if (!running && !waiting) return;
    const timer = setInterval(() => router.refresh(), 1500);
    const stop = setTimeout(() => setWaiting(false), 30_000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [running, waiting, router]);
  const run = (full: boolean) =>
    start(async () => {
      const r = await action({ sourceId, full });
      setResult(r);
      if (r.ok) setWaiting(true);
    });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="primary" onClick={() => run(false)} disabled={!configured || pending}>
          Run now
        </Button>
        <Button type="button" onClick={() => run(true)} disabled={!configured || pending}>
          Full reconcile now
        </Button>
      </div>
      {!configured ? <p className="text-sm text-slate-600">Save the connection settings first.</p> : null}
      {running ? (
        <p className="text-sm text-slate-700" role="status">
          A sync is running…
        </p>
      ) : null}
      {result && !result.ok ? <Alert tone="error">{result.error}</Alert> : null}
    </div>
  );
}
