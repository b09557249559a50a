import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { assertTargetHostAllowed } from "../auth/target-host-allowed";
import { readCappedBody } from "../scim/read-capped-body";
import { redactSecret } from "../scim/test-connection";
import { readBoundSecretToken } from "../applications/provisioning/read-bound-secret-token";
import { loadJobForApplication } from "./load-job-for-application";
import { mappingObjectTypeSchema } from "./mapping-config-schemas";
import type { TargetAttributeView } from "./get-mapping-config";

export const discoverTargetSchemaInput = z.object({
  applicationId: z.string().min(1),
  objectType: mappingObjectTypeSchema,
});

export type DiscoveryResult = { added: string[]; found: number };

const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const TIMEOUT_MS = 15_000;
const MAX_BYTES = 5 * 1024 * 1024;
/** Sub-attributes of multi-valued complex attributes that select a value rather than hold one. */
const SELECTOR_SUBS = new Set(["type", "primary", "display", "$ref", "operation"]);

type ScimAttribute = {
  name: string;
  type?: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: string;
  canonicalValues?: unknown[];
  subAttributes?: ScimAttribute[];
};

const attributeSchema: z.ZodType<ScimAttribute> = z.lazy(() =>
  z.looseObject({
    name: z.string().min(1),
    type: z.string().optional(),
    multiValued: z.boolean().optional(),
    required: z.boolean().optional(),
    caseExact: z.boolean().optional(),
    mutability: z.string().optional(),
    canonicalValues: z.array(z.unknown()).optional(),
    subAttributes: z.array(attributeSchema).optional(),
  }),
);
const schemaResourceSchema = z.looseObject({ id: z.string(), attributes: z.array(attributeSchema).default([]) });
const schemasBodySchema = z.union([
  z.looseObject({ Resources: z.array(schemaResourceSchema) }),
  z.array(schemaResourceSchema),
]);

function attributeType(scimType: string | undefined): TargetAttributeView["type"] {
  switch ((scimType ?? "string").toLowerCase()) {
    case "boolean":
      return "Boolean";
    case "integer":
    case "decimal":
      return "Integer";
    case "datetime":
      return "DateTime";
    case "reference":
      return "Reference";
    default:
      return "String";
  }
}

/** Which object type a schema describes, and the prefix its attribute paths take. */
function schemaTarget(id: string): { objectType: "User" | "Group"; prefix: string } | null {
  if (id === CORE_USER) return { objectType: "User", prefix: "" };
  if (id === CORE_GROUP) return { objectType: "Group", prefix: "" };
  if (id === ENTERPRISE_USER || /:User$/.test(id)) return { objectType: "User", prefix: `${id}:` };
  if (/:Group$/.test(id)) return { objectType: "Group", prefix: `${id}:` };
  return null;
}

/**
 * Flattens a SCIM schema's attributes into the paths mappings use: `name.givenName` for complex attributes,
 * `emails[type eq "work"].value` for multi-valued complex attributes with canonical types, and a `urn:...:`
 * prefix for extensions. Read-only attributes (id, meta, groups) cannot be provisioned and are left out.
 */
function flattenSchemaAttributes(attributes: ScimAttribute[], prefix: string): TargetAttributeView[] {
  const out: TargetAttributeView[] = [];
  for (const a of attributes) {
    if (a.mutability === "readOnly" || a.name === "id" || a.name === "meta" || a.name === "schemas") continue;
    const base = {
      required: a.required === true,
      caseExact: a.caseExact === true,
    };
    const subs = (a.subAttributes ?? []).filter((s) => s.mutability !== "readOnly");
    if (a.type?.toLowerCase() === "complex" && subs.length > 0) {
      if (!a.multiValued) {
        const valueSubs = subs.filter((s) => s.name !== "$ref" && s.name !== "display");
        // A reference such as the enterprise `manager` ({ value, $ref }) is mapped as the attribute itself.
        if (valueSubs.length === 1 && valueSubs[0].name === "value") {
          out.push({ name: `${prefix}${a.name}`, type: "Reference", multiValued: false, ...base });
          continue;
        }
        for (const s of valueSubs) {
          out.push({
            name: `${prefix}${a.name}.${s.name}`,
            type: attributeType(s.type),
            required: s.required === true,
            multiValued: s.multiValued === true,
            caseExact: s.caseExact === true,
          });
        }
        continue;
      }
      const typeSub = subs.find((s) => s.name === "type");
      const canonical = (typeSub?.canonicalValues ?? []).filter(
        (v): v is string => typeof v === "string" && !/["\]]/.test(v),
      );
      const valueSubs = subs.filter((s) => !SELECTOR_SUBS.has(s.name));
      if (canonical.length > 0 && valueSubs.length > 0) {
        for (const t of canonical) {
          for (const s of valueSubs) {
            out.push({
              name: `${prefix}${a.name}[type eq "${t}"].${s.name}`,
              type: attributeType(s.type),
              required: false,
              multiValued: false,
              caseExact: s.caseExact === true,
            });
          }
        }
        continue;
      }
    }
    out.push({
      name: `${prefix}${a.name}`,
      type: attributeType(a.type === "complex" && a.name === "members" ? "reference" : a.type),
      multiValued: a.multiValued === true,
      ...base,
    });
  }
  return out;
}

export type DiscoveryOptions = {
  /** The whole exchange (connect, headers and body) must finish within this. Default 15 s. */
  timeoutMs?: number;
};

function seconds(ms: number): string {
  return `${ms / 1000} second${ms === 1000 ? "" : "s"}`;
}

/**
 * GET {tenantUrl}/Schemas with the token, as Test Connection does it: the host must be an allowed target, a
 * redirect is reported rather than followed (it would carry the token elsewhere), the body is read up to 5 MB
 * and no further, and the whole exchange has a time limit.
 */
async function fetchSchemas(tenantUrl: string, token: string, timeoutMs: number): Promise<unknown> {
  assertTargetHostAllowed(tenantUrl);
  const url = `${tenantUrl.replace(/\/+$/, "")}/Schemas`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/scim+json, application/json" },
        signal: controller.signal,
        redirect: "manual",
        cache: "no-store",
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } })?.cause?.code;
      const why = controller.signal.aborted
        ? `no answer within ${seconds(timeoutMs)}`
        : cause === "ENOTFOUND" || cause === "EAI_AGAIN"
          ? "the server name could not be found (DNS)"
          : cause === "ECONNREFUSED"
            ? "the connection was refused"
            : /CERT|TLS|SSL/i.test(String(cause))
              ? "the TLS certificate was not accepted"
              : "the network request failed";
      throw new AppError(
        "discovery.network",
        `Could not reach ${url}: ${why}. Check the Tenant URL and Test Connection.`,
      );
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new AppError(
        "discovery.redirect",
        `The target redirected the request (HTTP ${res.status}) for ${url}. Provisio does not follow redirects, so the Secret Token goes nowhere else: use the final address as the Tenant URL.`,
      );
    }
    let body: { text: string; truncated: boolean };
    try {
      body = await readCappedBody(res, MAX_BYTES);
    } catch {
      if (controller.signal.aborted) {
        throw new AppError(
          "discovery.timeout",
          `The target answered HTTP ${res.status} for ${url} but did not finish its answer within ${seconds(timeoutMs)}.`,
        );
      }
      throw new AppError("discovery.network", `The connection broke while reading the answer from ${url}.`);
    }
    return interpretSchemasAnswer({ url, status: res.status, body, token });
  } finally {
    clearTimeout(timer);
  }
}

function interpretSchemasAnswer(answer: {
  url: string;
  status: number;
  body: { text: string; truncated: boolean };
  token: string;
}): unknown {
  const { url, status } = answer;
  const text = redactSecret(answer.body.text, answer.token);
  const snippet = text.replace(/\s+/g, " ").slice(0, 200);
  if (status === 401 || status === 403) {
    throw new AppError(
      "discovery.unauthorized",
      `The target refused the Secret Token (HTTP ${status}) when reading ${url}. Enter a valid token and Test Connection.`,
    );
  }
  if (status === 404 || status === 501) {
    throw new AppError(
      "discovery.unsupported",
      `The target does not publish its schema (HTTP ${status} for ${url}). Add the attributes with "Edit attribute list" instead.`,
    );
  }
  if (status < 200 || status >= 300) {
    throw new AppError(
      "discovery.http",
      `The target answered HTTP ${status} for ${url}${snippet ? `: ${snippet}` : ""}.`,
    );
  }
  if (answer.body.truncated) {
    throw new AppError(
      "discovery.too_large",
      `The answer from ${url} is larger than ${MAX_BYTES / (1024 * 1024)} MB, which a SCIM schema list never is, so it was not read. Check the Tenant URL, or add the attributes with "Edit attribute list".`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(
      "discovery.not_scim",
      `The answer from ${url} is not JSON, so it is not a SCIM schema list${snippet ? `: ${snippet}` : ""}.`,
    );
  }
}

/**
 * "Discover from target": reads the target's `/Schemas` with the job's Tenant URL and Secret Token, and adds
 * the attributes it finds for one object type to the attribute list. It never removes or changes an attribute
 * that is already there (compared ignoring letter case).
 */
export async function discoverTargetSchema(
  input: z.input<typeof discoverTargetSchemaInput>,
  actor: string,
  opts: DiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const { applicationId, objectType } = discoverTargetSchemaInput.parse(input);
  const job = await loadJobForApplication(applicationId);
  if (!job.tenantUrl || !job.secretTokenEnc) {
    throw new AppError(
      "discovery.no_credentials",
      "Enter and save the Tenant URL and Secret Token on the Provisioning page first.",
    );
  }
  const token = readBoundSecretToken(job, job.tenantUrl)!; // the one gate: only to the token's own origin
  const body = await fetchSchemas(job.tenantUrl, token, opts.timeoutMs ?? TIMEOUT_MS);
  const parsed = schemasBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      "discovery.not_scim",
      "The target's /Schemas answer is not a SCIM schema list (RFC 7643 §7), so no attribute was added.",
    );
  }
  const resources = Array.isArray(parsed.data) ? parsed.data : parsed.data.Resources;
  const found: TargetAttributeView[] = [];
  for (const r of resources) {
    const t = schemaTarget(r.id);
    if (t?.objectType === objectType) found.push(...flattenSchemaAttributes(r.attributes, t.prefix));
  }
  if (found.length === 0) {
    throw new AppError(
      "discovery.empty",
      `The target's /Schemas lists no ${objectType} attributes, so nothing was added.`,
    );
  }
  return prisma.$transaction(async (tx) => {
    const existing = await tx.targetAttribute.findMany({
      where: { jobId: job.id, objectType },
      select: { name: true },
    });
    const known = new Set(existing.map((a) => a.name.toLowerCase()));
    const toAdd: TargetAttributeView[] = [];
    for (const a of found) {
      if (known.has(a.name.toLowerCase())) continue;
      known.add(a.name.toLowerCase());
      toAdd.push(a);
    }
    if (toAdd.length > 0)
      await tx.targetAttribute.createMany({ data: toAdd.map((a) => ({ jobId: job.id, objectType, ...a })) });
    await recordAuditEvent(tx, {
      actor,
      action: "targetAttributes.discovered",
      applicationId,
      details: { objectType, found: found.length, added: toAdd.map((a) => a.name) },
    });
    return { added: toAdd.map((a) => a.name), found: found.length };
  });
}
