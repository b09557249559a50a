import { DEFAULT_ACCESS_EXCLUSION_REASON, isProvisionedRole } from "./is-provisioned-role";

/**
 * Whether an assigned principal is entitled to provisioning, all things considered: its own role, the
 * groups it is a member of that are assigned with a provisioned role (the engine gives a user its groups'
 * roles), and the job's scope ("All" provisions everyone, assigned or not). Scoping filters still apply
 * on top; this is what the assignment alone decides.
 */
export type Entitlement =
  | { kind: "Assigned" }
  | { kind: "ThroughGroups"; groups: string[] }
  | { kind: "AllUsersAndGroups" }
  | { kind: "Excluded"; reason: string };

export function effectiveEntitlement(opts: {
  appRole: string;
  scope: "AssignedOnly" | "All";
  /** For a user: the assigned groups it is a direct member of, with their roles. */
  groups?: { displayName: string; appRole: string }[];
}): Entitlement {
  if (isProvisionedRole(opts.appRole)) return { kind: "Assigned" };
  const through = [
    ...new Set((opts.groups ?? []).filter((g) => isProvisionedRole(g.appRole)).map((g) => g.displayName)),
  ].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
  if (through.length > 0) return { kind: "ThroughGroups", groups: through };
  if (opts.scope === "All") return { kind: "AllUsersAndGroups" };
  return { kind: "Excluded", reason: DEFAULT_ACCESS_EXCLUSION_REASON };
}

/** The entitlement in an admin's words: "In scope through group Finance", "Excluded from provisioning". */
export function describeEntitlement(e: Entitlement): string {
  switch (e.kind) {
    case "Assigned":
      return "In provisioning scope";
    case "AllUsersAndGroups":
      return "In scope: the application provisions all users and groups";
    case "Excluded":
      return "Excluded from provisioning";
    case "ThroughGroups": {
      const [first, second, ...rest] = e.groups;
      if (!second) return `In scope through group ${first}`;
      if (rest.length === 0) return `In scope through groups ${first} and ${second}`;
      if (rest.length === 1) return `In scope through groups ${first}, ${second} and ${rest[0]}`;
      return `In scope through groups ${first}, ${second} and ${rest.length} more`;
    }
  }
}
