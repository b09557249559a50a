import { scopeLabels, type ProvisioningMode, type ProvisioningScope } from "./provisioning-schemas";

export type ChecklistInput = {
  applicationId: string;
  /** Assignments whose app role is not "Default Access". */
  provisionableAssignments: number;
  /** All assignments, "Default Access" included. */
  totalAssignments: number;
  mode: ProvisioningMode;
  hasTenantUrl: boolean;
  hasSecretToken: boolean;
  credentialsTested: boolean;
  notificationEmail: string | null;
  userMappings: number;
  groupMappings: number;
  groupProvisioningEnabled: boolean;
  scope: ProvisioningScope;
  enabled: boolean;
};

export type ChecklistItem = {
  key: "application" | "assignments" | "credentials" | "notification" | "mappings" | "scope" | "status";
  label: string;
  /** "optional" is a step left out that may stay so; it never blocks provisioning. */
  state: "done" | "missing" | "optional";
  /** The step is not required, whether done or not (the notification email). */
  optional: boolean;
  detail: string;
  /** Where to fix it: a section of the Provisioning page (#anchor) or another tab. */
  href: string;
};

export type SetupChecklist = { items: ChecklistItem[]; done: number; required: number; complete: boolean };

/** The setup steps of Entra's tutorial, in its order, with what is done and what is missing. Plain data. */
export function computeSetupChecklist(input: ChecklistInput): SetupChecklist {
  const base = `/applications/${input.applicationId}`;
  const page = `${base}/provisioning`;
  const items: Omit<ChecklistItem, "optional">[] = [];

  items.push({
    key: "application",
    label: "Application added",
    state: "done",
    detail: "Added from the gallery.",
    href: base,
  });

  const excluded = input.totalAssignments - input.provisionableAssignments;
  items.push({
    key: "assignments",
    label: "Users and groups assigned",
    state: input.provisionableAssignments > 0 || input.scope === "All" ? "done" : "missing",
    detail:
      input.provisionableAssignments > 0
        ? `${plural(input.provisionableAssignments, "assignment")} to provision${excluded > 0 ? ` (${excluded} with Default Access, excluded)` : ""}.`
        : input.scope === "All"
          ? "None assigned, but the scope syncs all users and groups."
          : excluded > 0
            ? `Only Default Access assignments (${excluded}), which are not provisioned. Assign users or groups with another role.`
            : "Nobody is assigned yet. Assign users or groups on the Users and groups tab.",
    href: `${base}/users-and-groups`,
  });

  let credentialsDetail: string;
  if (input.mode !== "Automatic")
    credentialsDetail = "Choose Automatic provisioning mode, then enter the Tenant URL and Secret Token.";
  else if (!input.hasTenantUrl || !input.hasSecretToken)
    credentialsDetail = `Enter and save the ${!input.hasTenantUrl && !input.hasSecretToken ? "Tenant URL and Secret Token" : !input.hasTenantUrl ? "Tenant URL" : "Secret Token"}.`;
  else if (!input.credentialsTested) credentialsDetail = "Saved, but not yet passed Test Connection.";
  else credentialsDetail = "Saved and passed Test Connection.";
  items.push({
    key: "credentials",
    label: "Admin credentials saved and tested",
    state:
      input.mode === "Automatic" && input.hasTenantUrl && input.hasSecretToken && input.credentialsTested
        ? "done"
        : "missing",
    detail: credentialsDetail,
    href: `${page}#admin-credentials`,
  });

  items.push({
    key: "notification",
    label: "Notification email",
    state: input.notificationEmail ? "done" : "optional",
    detail: input.notificationEmail
      ? `Failures are reported to ${input.notificationEmail}.`
      : "Optional: an address to tell when provisioning fails.",
    href: `${page}#notification-email`,
  });

  const mappingsOk = input.userMappings > 0 && (!input.groupProvisioningEnabled || input.groupMappings > 0);
  items.push({
    key: "mappings",
    label: "Attribute mappings",
    state: mappingsOk ? "done" : "missing",
    detail: mappingsOk
      ? `${plural(input.userMappings, "user mapping")}${input.groupProvisioningEnabled ? `, ${plural(input.groupMappings, "group mapping")}` : "; group provisioning is off"}.`
      : input.userMappings === 0
        ? "There are no user mappings."
        : "Group provisioning is on but there are no group mappings.",
    href: `${page}#mappings`,
  });

  items.push({
    key: "scope",
    label: "Scope chosen",
    state: "done",
    detail: `${scopeLabels[input.scope]}.`,
    href: `${page}#settings`,
  });

  items.push({
    key: "status",
    label: "Provisioning Status On",
    state: input.enabled ? "done" : "missing",
    detail: input.enabled
      ? "Provisioning runs in the background."
      : "Turn Provisioning Status On and save, once the credentials have passed Test Connection.",
    href: `${page}#provisioning-status`,
  });

  const all: ChecklistItem[] = items.map((i) => ({ ...i, optional: i.key === "notification" }));
  const required = all.filter((i) => !i.optional);
  const done = required.filter((i) => i.state === "done").length;
  return { items: all, done, required: required.length, complete: done === required.length };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
