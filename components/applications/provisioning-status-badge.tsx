import { Badge } from "@/components/ui/badge";

const statuses: Record<string, { label: string; tone: "neutral" | "green" | "amber" | "red" | "blue" }> = {
  NotConfigured: { label: "Not configured", tone: "neutral" },
  NotRun: { label: "Not run", tone: "blue" },
  Active: { label: "Active", tone: "green" },
  Paused: { label: "Paused", tone: "amber" },
  Quarantine: { label: "Quarantine", tone: "red" },
};

/** The provisioning job's status as Entra shows it. */
export function ProvisioningStatusBadge({ status }: { status: string }) {
  const s = statuses[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
