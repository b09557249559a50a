import { z } from "zod";
import { checkMappingRows } from "../mapping-config/check-mapping-rows";
import { tenantUrlProblem } from "../scim/test-connection";
import type { ConfigurationDocument } from "./configuration-document-schema";

const emailSchema = z.email();

/** `mappings.3.source` (checkMappingRows' keys) → `mappings.users[3].source`; `_form` names the list. */
function rekey(errors: Record<string, string>, list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^mappings\.(\d+)\.(\w+)$/.exec(key);
    out[m ? `${list}[${m[1]}].${m[2]}` : list] = message;
  }
  return out;
}

/**
 * The rules that span fields of a document, with the same checks as the pages (no database needed): each
 * mapping's source and target (against the document's own target attribute list), unique targets and
 * precedences, a matching attribute, unique attribute names, a usable Tenant URL and notification address.
 */
export function checkConfigurationDocument(doc: ConfigurationDocument): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [kind, objectType] of [
    ["users", "User"],
    ["groups", "Group"],
  ] as const) {
    const attributes = doc.targetAttributes[kind];
    const seen = new Map<string, number>();
    attributes.forEach((a, i) => {
      const first = seen.get(a.name.toLowerCase());
      if (first !== undefined)
        problems[`targetAttributes.${kind}[${i}].name`] =
          `${a.name} is already in the list (targetAttributes.${kind}[${first}]).`;
      else seen.set(a.name.toLowerCase(), i);
    });
    const errors = checkMappingRows({
      objectType,
      rows: doc.mappings[kind],
      targetAttributeNames: attributes.map((a) => a.name),
      requireMatching: objectType === "User" || doc.provisioning.groupProvisioningEnabled,
    });
    Object.assign(problems, rekey(errors, `mappings.${kind}`));
  }
  const p = doc.provisioning;
  if (p.mode === "Automatic" && p.tenantUrl !== "") {
    const problem = tenantUrlProblem(p.tenantUrl);
    if (problem) problems["provisioning.tenantUrl"] = problem;
  }
  if (p.notificationEmail !== "" && !emailSchema.safeParse(p.notificationEmail).success)
    problems["provisioning.notificationEmail"] = "Enter a valid email address, like admin@contoso.com";
  else if (p.sendOnFailure && p.notificationEmail === "")
    problems["provisioning.notificationEmail"] = "Enter the address to send failure notifications to";
  return problems;
}
