import Link from "next/link";
import type { ChangePropagation } from "@/lib/jobs/get-change-propagation";
import { Card } from "@/components/ui/card";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s).toLocaleString("en-US")} s`;
}

/**
 * How fast directory changes reach this application: when the last change that concerns it was received,
 * and how long the last incremental cycle's slowest change took to be written at the target.
 */
export function ChangePropagationCard({
  propagation,
  enabled,
  logsHref,
}: {
  propagation: ChangePropagation | null;
  enabled: boolean;
  logsHref: string;
}) {
  const last = propagation?.lastPropagation ?? null;
  return (
    <Card
      title="Changes from the directory"
      description={
        enabled
          ? "A change to an assigned user or group starts an incremental cycle within seconds; the regular cycle still runs about every 40 minutes."
          : "Provisioning is Off: changes wait until it is turned On."
      }
    >
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Last change received</dt>
        <dd data-testid="last-change-received">
          {propagation?.lastChangeAt
            ? formatTimestamp(propagation.lastChangeAt)
            : "No recent change concerns this application"}
        </dd>
        <dt className="text-slate-500">Propagated in</dt>
        <dd data-testid="propagated-in">
          {last ? (
            <>
              <span className="font-medium">{seconds(last.seconds)}</span>
              <span className="text-slate-600">
                {" "}
                · from the change to its write at the target, the slowest of {last.objects} object
                {last.objects === 1 ? "" : "s"} in the cycle of {formatTimestamp(last.writtenAt)} (
                <Link className="text-blue-700 hover:underline" href={`${logsHref}?cycle=${last.cycleId}`}>
                  its log
                </Link>
                )
              </span>
            </>
          ) : (
            "No incremental cycle has written to the target yet"
          )}
        </dd>
      </dl>
    </Card>
  );
}
