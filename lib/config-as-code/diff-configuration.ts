import { isScopingOperator, SCOPING_OPERATOR_INFO } from "../scoping/scoping-operators";
import type { ConfigurationDocument } from "./configuration-document-schema";

export type ConfigurationSection =
  | "application"
  | "provisioning"
  | "objectActions"
  | "mappings.users"
  | "mappings.groups"
  | "targetAttributes.users"
  | "targetAttributes.groups"
  | "scopingFilters.users"
  | "scopingFilters.groups"
  | "assignments";

/** One thing applying a document changes, in words, at the document's path. */
export type ConfigurationChange = {
  section: ConfigurationSection;
  /** Where in the document, e.g. `mappings.users[3]` (a removal names the list). */
  path: string;
  kind: "add" | "remove" | "change";
  summary: string;
};

type Doc = ConfigurationDocument;
type Mapping = Doc["mappings"]["users"][number];
type Attribute = Doc["targetAttributes"]["users"][number];
type Filter = Doc["scopingFilters"]["users"][number];

const show = (v: unknown) => (v === null || v === undefined || v === "" ? "(none)" : JSON.stringify(v));

/** A scoping filter as it is stored: a blank title becomes "Scoping filter N"; unary operators keep no value. */
export function storedScopingFilter(f: Filter, index: number) {
  return {
    title: f.title?.trim() || `Scoping filter ${index + 1}`,
    clauses: f.clauses.map((c) => ({
      attribute: c.attribute,
      operator: c.operator,
      value:
        !(isScopingOperator(c.operator) && SCOPING_OPERATOR_INFO[c.operator].takesValue) ||
        c.value === undefined ||
        c.value === null ||
        c.value === ""
          ? null
          : c.value,
    })),
  };
}

const normalMapping = (m: Mapping) => ({
  mappingType: m.mappingType,
  source: m.source,
  target: m.target,
  defaultValue: m.defaultValue ? m.defaultValue : null,
  applyOn: m.applyOn,
  matchingPrecedence: m.matchingPrecedence ?? null,
});

function describeMapping(m: Mapping): string {
  const arrow = m.mappingType === "Constant" ? `constant ${JSON.stringify(m.source)}` : m.source;
  return `${arrow} → ${m.target}${m.matchingPrecedence ? ` (matching, precedence ${m.matchingPrecedence})` : ""}`;
}

function fieldChanges<T extends object>(from: T, to: T, keys: (keyof T)[]): string[] {
  return keys
    .filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]))
    .map((k) => `${String(k)} ${show(from[k])} → ${show(to[k])}`);
}

function diffMappings(kind: "users" | "groups", from: Mapping[], to: Mapping[]): ConfigurationChange[] {
  const section = `mappings.${kind}` as const;
  const changes: ConfigurationChange[] = [];
  const before = new Map(from.map((m) => [m.target.toLowerCase(), normalMapping(m)]));
  const wanted = new Set(to.map((m) => m.target.toLowerCase()));
  to.forEach((raw, i) => {
    const m = normalMapping(raw);
    const old = before.get(m.target.toLowerCase());
    const path = `${section}[${i}]`;
    if (!old) changes.push({ section, path, kind: "add", summary: `Add mapping ${describeMapping(m)}` });
    else {
      const fields = fieldChanges(old, m, ["mappingType", "source", "defaultValue", "applyOn", "matchingPrecedence"]);
      if (fields.length > 0)
        changes.push({ section, path, kind: "change", summary: `${m.target}: ${fields.join(", ")}` });
    }
  });
  for (const m of from) {
    if (!wanted.has(m.target.toLowerCase()))
      changes.push({ section, path: section, kind: "remove", summary: `Remove mapping ${describeMapping(m)}` });
  }
  const order = (rows: Mapping[]) => rows.map((m) => m.target.toLowerCase()).join("\n");
  if (changes.length === 0 && order(from) !== order(to))
    changes.push({ section, path: section, kind: "change", summary: "Change the order of the mappings" });
  return changes;
}

function diffAttributes(kind: "users" | "groups", from: Attribute[], to: Attribute[]): ConfigurationChange[] {
  const section = `targetAttributes.${kind}` as const;
  const changes: ConfigurationChange[] = [];
  const before = new Map(from.map((a) => [a.name.toLowerCase(), a]));
  const wanted = new Set(to.map((a) => a.name.toLowerCase()));
  to.forEach((a, i) => {
    const old = before.get(a.name.toLowerCase());
    const path = `${section}[${i}]`;
    if (!old) changes.push({ section, path, kind: "add", summary: `Add target attribute ${a.name} (${a.type})` });
    else {
      const fields = fieldChanges(old, a, ["name", "type", "required", "multiValued", "caseExact"]);
      if (fields.length > 0)
        changes.push({ section, path, kind: "change", summary: `${a.name}: ${fields.join(", ")}` });
    }
  });
  for (const a of from) {
    if (!wanted.has(a.name.toLowerCase()))
      changes.push({ section, path: section, kind: "remove", summary: `Remove target attribute ${a.name}` });
  }
  return changes;
}

function describeFilter(f: ReturnType<typeof storedScopingFilter>): string {
  const clauses = f.clauses.map(
    (c) => `${c.attribute} ${c.operator}${c.value === null ? "" : ` ${JSON.stringify(c.value)}`}`,
  );
  return `"${f.title}" (${clauses.join(" AND ")})`;
}

function diffFilters(kind: "users" | "groups", from: Filter[], to: Filter[]): ConfigurationChange[] {
  const section = `scopingFilters.${kind}` as const;
  const changes: ConfigurationChange[] = [];
  const max = Math.max(from.length, to.length);
  for (let i = 0; i < max; i++) {
    const path = `${section}[${i}]`;
    const old = from[i] ? storedScopingFilter(from[i], i) : null;
    const next = to[i] ? storedScopingFilter(to[i], i) : null;
    if (!old && next)
      changes.push({ section, path, kind: "add", summary: `Add scoping filter ${describeFilter(next)}` });
    else if (old && !next)
      changes.push({ section, path: section, kind: "remove", summary: `Remove scoping filter ${describeFilter(old)}` });
    else if (old && next && JSON.stringify(old) !== JSON.stringify(next))
      changes.push({
        section,
        path,
        kind: "change",
        summary: `Scoping filter ${i + 1}: ${describeFilter(old)} → ${describeFilter(next)}`,
      });
  }
  return changes;
}

/** The settings in Entra's words, as the Provisioning page labels them. */
const PROVISIONING_LABELS = {
  mode: "Provisioning Mode",
  tenantUrl: "Tenant URL",
  notificationEmail: "Notification Email",
  sendOnFailure: "Send an email notification when a failure occurs",
  scope: "Scope",
  preventAccidentalDeletion: "Prevent accidental deletion",
  deletionThreshold: "Accidental deletion threshold",
  skipOutOfScopeDeletions: "Skip out of scope deletions",
  groupProvisioningEnabled: "Provision groups",
  cycleIntervalMinutes: "Minutes between cycles",
  rateLimitPerSecond: "Requests per second",
} as const;

/**
 * What applying `to` over `from` changes, section by section, in document order. Assignments are compared
 * by apply itself, which resolves names to directory objects first. Equal documents give no changes.
 */
export function diffConfiguration(from: Doc, to: Doc): ConfigurationChange[] {
  const changes: ConfigurationChange[] = [];
  if (from.application.name !== to.application.name) {
    changes.push({
      section: "application",
      path: "application.name",
      kind: "change",
      summary: `Rename the application ${show(from.application.name)} → ${show(to.application.name)}`,
    });
  }
  for (const [key, label] of Object.entries(PROVISIONING_LABELS) as [keyof typeof PROVISIONING_LABELS, string][]) {
    const a = from.provisioning[key];
    const b = to.provisioning[key];
    if (a !== b)
      changes.push({
        section: "provisioning",
        path: `provisioning.${key}`,
        kind: "change",
        summary: `${label}: ${show(a)} → ${show(b)}`,
      });
  }
  for (const kind of ["users", "groups"] as const) {
    const fields = fieldChanges(from.objectActions[kind], to.objectActions[kind], ["create", "update", "delete"]);
    if (fields.length > 0)
      changes.push({
        section: "objectActions",
        path: `objectActions.${kind}`,
        kind: "change",
        summary: `Target object actions for ${kind}: ${fields.join(", ")}`,
      });
  }
  for (const kind of ["users", "groups"] as const) {
    changes.push(...diffAttributes(kind, from.targetAttributes[kind], to.targetAttributes[kind]));
    changes.push(...diffMappings(kind, from.mappings[kind], to.mappings[kind]));
    changes.push(...diffFilters(kind, from.scopingFilters[kind], to.scopingFilters[kind]));
  }
  return changes;
}
