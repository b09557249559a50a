// Formatting shared by the engine's components (dates: lib/dates/format-timestamp.ts).

export const QUARANTINE_TEXT: Record<string, string> = {
  InvalidCredentials:
    "The target refused the Secret Token. Enter a valid token under Admin Credentials, save, and click Test Connection: once it passes, Retry now runs the cycle again.",
  TokenNotBound:
    "The Tenant URL is on another host than the one the saved Secret Token was entered for, so nothing was sent. Enter the Secret Token again for the new host, then restart provisioning.",
  TooManyDeletes:
    "The last cycle would have disabled or deleted more objects than the accidental deletion threshold allows. Review the provisioning logs, then allow the deletes or restart provisioning.",
  TargetUnreachable:
    "The target kept failing (every request in several cycles in a row). Provisioning retries on a backoff schedule; once Test Connection passes, Retry now runs the cycle again.",
};

export const COUNT_LABELS: [
  key: "created" | "updated" | "disabled" | "deleted" | "skipped" | "failed" | "staged",
  label: string,
][] = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["disabled", "Disabled"],
  ["deleted", "Deleted"],
  ["skipped", "Skipped"],
  ["failed", "Failed"],
  ["staged", "Held"],
];

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export const CYCLE_STATUS_TONE: Record<string, "neutral" | "green" | "amber" | "red" | "blue"> = {
  Running: "blue",
  Succeeded: "green",
  Warning: "amber",
  Failed: "red",
  Interrupted: "amber",
  Quarantined: "red",
};
