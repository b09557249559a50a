import { z } from "zod";
import { applyConfiguration } from "../../config-as-code/apply-configuration";
import { exportConfiguration } from "../../config-as-code/export-configuration";
import { configurationDocumentSchema } from "../../config-as-code/configuration-document-schema";
import { defineEndpoint } from "../endpoint";
import { idSchema } from "../api-schemas";

const appParams = z.object({ appId: idSchema.meta({ description: "The application's id." }) });
const tag = "Configuration as code";

const dryRun = z.boolean().default(false).meta({ description: "List what would change, and change nothing." });

// The document is parsed by apply itself, so its problems are reported at the document's own JSON paths.
const applyBody = z.object({ document: z.unknown(), dryRun });
const documentedApplyBody = z.object({ document: configurationDocumentSchema, dryRun });

const applyResultSchema = z
  .object({
    applicationId: idSchema.nullable().meta({ description: "null for a dry run that would add the application." }),
    applicationName: z.string(),
    created: z.boolean().meta({ description: "The application is (or would be) added from the template." }),
    dryRun: z.boolean(),
    changes: z.array(
      z
        .object({
          section: z.string(),
          path: z.string().meta({ description: "Where in the document, e.g. mappings.users[3]." }),
          kind: z.enum(["add", "remove", "change"]),
          summary: z.string(),
        })
        .meta({ id: "ConfigurationChange" }),
    ),
  })
  .meta({ id: "ConfigurationApplyResult", description: "What changed (or would change); empty when nothing does." });

const APPLY_DESCRIPTION =
  "Declarative and idempotent: afterwards the application is as the document says (assignments not listed are " +
  "removed), and applying the same document again changes nothing. Everything is checked first; a document that " +
  "does not validate is refused whole (400 configuration.invalid) with every problem in fieldErrors under its JSON " +
  "path, such as mappings.users[3].target. One transaction, audited. Provisioning Status is not part of the document.";

export const configurationEndpoints = [
  defineEndpoint({
    operationId: "exportConfiguration",
    method: "get",
    path: "/applications/{appId}/configuration",
    tag,
    summary: "Export the application's configuration document",
    description:
      "Template, settings, mappings, target attribute lists, scoping filters and assignments (users by " +
      "userPrincipalName, groups by name). The Secret Token is left out; the Tenant URL is included.",
    access: "read",
    params: appParams,
    success: { status: 200, description: "The document (version 1).", schema: configurationDocumentSchema },
    problems: [404],
    handle: ({ params }) => exportConfiguration(params.appId),
  }),
  defineEndpoint({
    operationId: "applyConfiguration",
    method: "post",
    path: "/applications/{appId}/configuration",
    tag,
    summary: "Apply a configuration document to the application",
    description: `${APPLY_DESCRIPTION} The document's template must be the application's.`,
    access: "write",
    params: appParams,
    body: applyBody,
    documentedBody: documentedApplyBody,
    success: {
      status: 200,
      description: "The changes made (or, with dryRun, that would be).",
      schema: applyResultSchema,
    },
    problems: [404],
    handle: ({ params, body, principal }) =>
      applyConfiguration(
        { applicationId: params.appId, document: body.document, dryRun: body.dryRun },
        principal.actor,
      ),
  }),
  defineEndpoint({
    operationId: "applyConfigurationByName",
    method: "post",
    path: "/configuration",
    tag,
    summary: "Apply a configuration document to the application it names",
    description: `The application named application.name, added from application.template when none is (as \`provisio apply\`). ${APPLY_DESCRIPTION}`,
    access: "write",
    body: applyBody,
    documentedBody: documentedApplyBody,
    success: {
      status: 200,
      description: "The changes made (or, with dryRun, that would be).",
      schema: applyResultSchema,
    },
    problems: [409],
    handle: ({ body, principal }) =>
      applyConfiguration({ document: body.document, dryRun: body.dryRun }, principal.actor),
  }),
];
