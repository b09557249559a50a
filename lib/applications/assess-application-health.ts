/** How an application's provisioning is doing, worst first: what the Overview page leads with. */
export type HealthLevel = "Failing" | "Attention" | "Healthy" | "Off";

const QUARANTINE_REASON_LABEL: Record<string, string> = {
  InvalidCredentials: "Credentials rejected",
  TooManyDeletes: "Too many deletes held for approval",
  TargetUnreachable: "Target unreachable",
};

export type HealthInput = {
  /** NotConfigured | NotRun | Active | Paused | Quarantine */
  status: string;
  enabled: boolean;
  quarantineReason: string | null;
  lastCycleStatus: string | null;
  /** Objects whose last export failed. */
  failingObjects: number;
  consecutiveFailures: number;
};

export type HealthAssessment = { level: HealthLevel; summary: string };

/**
 * One application's health from its job and last cycle: quarantine or a failed cycle is Failing, objects
 * that failed or a cycle with warnings is Attention, provisioning Off (or not set up) is Off.
 */
export function assessApplicationHealth(h: HealthInput): HealthAssessment {
  if (h.status === "Quarantine") {
    const reason = h.quarantineReason ? (QUARANTINE_REASON_LABEL[h.quarantineReason] ?? h.quarantineReason) : null;
    return { level: "Failing", summary: reason ? `In quarantine: ${reason}` : "In quarantine" };
  }
  if (h.lastCycleStatus === "Failed") {
    const times = h.consecutiveFailures > 1 ? ` (${h.consecutiveFailures} cycles in a row)` : "";
    return { level: "Failing", summary: `The last cycle failed${times}` };
  }
  if (h.consecutiveFailures > 0) {
    const n = h.consecutiveFailures;
    return {
      level: "Attention",
      summary: `The target failed in ${n === 1 ? "the last cycle" : `the last ${n} cycles`}`,
    };
  }
  if (h.failingObjects > 0) {
    return {
      level: "Attention",
      summary: `${h.failingObjects} object${h.failingObjects === 1 ? "" : "s"} failing`,
    };
  }
  if (h.lastCycleStatus === "Warning" || h.lastCycleStatus === "Interrupted") {
    return { level: "Attention", summary: `The last cycle ended with status ${h.lastCycleStatus}` };
  }
  if (!h.enabled) {
    return {
      level: "Off",
      summary: h.status === "NotConfigured" ? "Provisioning is not configured" : "Provisioning is Off",
    };
  }
  if (!h.lastCycleStatus) return { level: "Healthy", summary: "Waiting for the initial cycle" };
  return { level: "Healthy", summary: "Provisioning is running normally" };
}

const ORDER: Record<HealthLevel, number> = { Failing: 0, Attention: 1, Healthy: 2, Off: 3 };

/** Worst first; among the failing, quarantined jobs first (nothing runs until an admin acts). */
export function compareHealth(
  a: { level: HealthLevel; quarantined: boolean },
  b: { level: HealthLevel; quarantined: boolean },
): number {
  return ORDER[a.level] - ORDER[b.level] || Number(b.quarantined) - Number(a.quarantined);
}
