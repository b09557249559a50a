import { Badge } from "@/components/ui/badge";

const tones = { Success: "green", Failure: "red", Warning: "amber", Skipped: "neutral" } as const;

export function LogStatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status as keyof typeof tones] ?? "neutral"}>{status}</Badge>;
}
