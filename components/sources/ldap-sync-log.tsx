import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";

export type LdapSyncRunRow = {
  id: number;
  mode: string;
  status: string;
  startedAt: string;
  duration: string | null;
  read: number;
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  message: string | null;
  errors: { dn: string; identity: string | null; reason: string }[];
};

const TONES: Record<string, "green" | "amber" | "red" | "neutral"> = {
  Succeeded: "green",
  CompletedWithErrors: "amber",
  Failed: "red",
  Running: "neutral",
};
const LABELS: Record<string, string> = { CompletedWithErrors: "Completed with errors" };

/** The source sync log: each run's counts, and why entries or the run failed. */
export function LdapSyncLog({ runs }: { runs: LdapSyncRunRow[] }) {
  if (runs.length === 0)
    return <EmptyState title="No sync yet">The first full read starts once the settings are saved.</EmptyState>;
  return (
    <Table aria-label="Sync log">
      <thead>
        <tr>
          <Th>Started</Th>
          <Th>Run</Th>
          <Th>Status</Th>
          {["Read", "Created", "Updated", "Deleted", "Failed"].map((h) => (
            <Th key={h} className="text-right">
              {h}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <Tr key={r.id}>
            <Td className="whitespace-nowrap text-slate-600">
              {r.startedAt}
              {r.duration ? <span className="block text-xs text-slate-500">{r.duration}</span> : null}
            </Td>
            <Td>{r.mode === "Full" ? "Full read" : "Delta"}</Td>
            <Td>
              <Badge tone={TONES[r.status] ?? "neutral"}>{LABELS[r.status] ?? r.status}</Badge>
              {r.message ? <p className="mt-1 max-w-md text-xs text-slate-700">{r.message}</p> : null}
              {r.errors.length > 0 ? (
                <details className="mt-1 max-w-xl text-xs">
                  <summary className="cursor-pointer text-blue-700">
                    {r.failed} entr{r.failed === 1 ? "y" : "ies"} failed
                    {r.failed > r.errors.length ? ` (first ${r.errors.length} listed)` : ""}
                  </summary>
                  <ul className="mt-1 space-y-1">
                    {r.errors.map((e, i) => (
                      <li key={i}>
                        <span className="font-mono">{e.dn}</span>
                        {e.identity ? <span className="text-slate-500"> ({e.identity})</span> : null}: {e.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </Td>
            {[r.read, r.created, r.updated, r.deleted, r.failed].map((n, i) => (
              <Td key={i} className="text-right tabular-nums">
                {n.toLocaleString("en-US")}
              </Td>
            ))}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
