import { z } from "zod";
import { prisma, type Tx } from "../db/prisma";
import { AppError, isAppError } from "../errors";
import { findTemplate } from "../templates/gallery";
import { createApplicationInTx } from "../applications/create-application";
import { tenantUrlOrigin } from "../applications/provisioning/tenant-url-origin";
import type { ConfigurationDocument } from "./configuration-document-schema";
import { checkConfigurationDocument } from "./check-configuration-document";
import { diffConfiguration, type ConfigurationChange } from "./diff-configuration";
import { exportConfigurationInTx } from "./export-configuration";
import { invalidDocument, parseConfigurationDocument } from "./parse-configuration-document";
import { planAssignments } from "./plan-assignments";
import { writeConfigurationChanges } from "./write-configuration-changes";

export const applyConfigurationInput = z.object({
  /** The application to apply to; left out, the one named like the document's application (created if none). */
  applicationId: z.string().min(1).max(100).optional(),
  /** The document: JSON text or the parsed value. */
  document: z.unknown(),
  dryRun: z.boolean().default(false),
});

export type ApplyConfigurationResult = {
  /** The application applied to; null for a dry run that would add it. */
  applicationId: string | null;
  applicationName: string;
  /** The application is (or, in a dry run, would be) added from the document's template. */
  created: boolean;
  dryRun: boolean;
  /** What changed (or would change). Empty: the application already matches the document. */
  changes: ConfigurationChange[];
};

/** Thrown to roll a dry run's transaction back with its result: a dry run does everything but commit. */
class DryRunRollback extends Error {
  constructor(readonly result: ApplyConfigurationResult) {
    super("dry run");
  }
}

async function findTarget(tx: Tx, applicationId: string | undefined, name: string) {
  if (applicationId) {
    const app = await tx.application.findUnique({ where: { id: applicationId } });
    if (!app) throw new AppError("application.not_found", "This application does not exist. It may have been deleted.");
    return app;
  }
  const named = await tx.application.findMany({ where: { name } });
  if (named.length > 1) {
    throw new AppError(
      "configuration.application_ambiguous",
      `${named.length} applications are named ${JSON.stringify(name)}. Say which one to apply to (its id).`,
    );
  }
  return named[0] ?? null;
}

/** Checks that need the saved job: the Provisioning page's rules about mode, credentials and Status On. */
function checkAgainstJob(
  job: {
    mode: string;
    enabled: boolean;
    tenantUrl: string | null;
    secretTokenEnc: string | null;
    secretTokenOrigin: string | null;
  },
  doc: ConfigurationDocument,
  problems: Record<string, string>,
) {
  const p = doc.provisioning;
  if (job.mode === "Automatic" && p.mode === "Manual") {
    problems["provisioning.mode"] =
      "Automatic provisioning cannot go back to Manual. Turn Provisioning Status Off to stop it.";
  }
  if (p.mode !== "Automatic" || p.tenantUrl === (job.tenantUrl ?? "")) return;
  if (job.enabled) {
    problems["provisioning.tenantUrl"] =
      "Provisioning is On: a new Tenant URL needs Test Connection first. Turn provisioning Off, or change it on the Provisioning page.";
  } else if (job.secretTokenEnc && tenantUrlOrigin(p.tenantUrl) !== tenantUrlOrigin(job.secretTokenOrigin)) {
    problems["provisioning.tenantUrl"] =
      "The saved Secret Token belongs to another host and is never sent to this one. Change the Tenant URL on the Provisioning page, with the token for the new host.";
  }
}

async function applyInTx(
  tx: Tx,
  doc: ConfigurationDocument,
  opts: { applicationId?: string; dryRun: boolean; actor: string },
): Promise<ApplyConfigurationResult> {
  const problems = checkConfigurationDocument(doc);
  let template;
  try {
    template = findTemplate(doc.application.template);
  } catch (e) {
    if (!isAppError(e)) throw e;
    problems["application.template"] = e.message;
  }
  let app = await findTarget(tx, opts.applicationId, doc.application.name);
  if (app && app.templateId !== doc.application.template) {
    problems["application.template"] =
      `This application was added from the template ${app.templateId}; a document for ${doc.application.template} cannot be applied to it.`;
  }
  if (!template) throw invalidDocument(problems);
  const created = !app;
  if (!app) {
    const { id } = await createApplicationInTx(tx, { templateId: template.id, name: doc.application.name }, opts.actor);
    app = await tx.application.findUniqueOrThrow({ where: { id } });
  }
  const job = await tx.provisioningJob.findUniqueOrThrow({ where: { applicationId: app.id } });
  const current = await exportConfigurationInTx(tx, app.id);
  // In Manual mode the page ignores the Tenant URL; so does apply, or applying twice would differ.
  const desired: ConfigurationDocument =
    doc.provisioning.mode === "Manual"
      ? { ...doc, provisioning: { ...doc.provisioning, tenantUrl: current.provisioning.tenantUrl } }
      : doc;
  checkAgainstJob(job, desired, problems);
  const assignments = await planAssignments(tx, {
    applicationId: app.id,
    templateId: app.templateId,
    doc: desired,
    problems,
  });
  if (Object.keys(problems).length > 0) throw invalidDocument(problems);

  const changes: ConfigurationChange[] = [
    ...(created
      ? [
          {
            section: "application" as const,
            path: "application",
            kind: "add" as const,
            summary: `Add ${JSON.stringify(doc.application.name)} from the gallery template ${template.name}`,
          },
        ]
      : []),
    ...diffConfiguration(current, desired),
    ...assignments.changes,
  ];
  await writeConfigurationChanges(tx, {
    applicationId: app.id,
    from: current,
    to: desired,
    changes,
    assignmentWrites: assignments.writes,
    actor: opts.actor,
  });
  return {
    applicationId: created && opts.dryRun ? null : app.id,
    applicationName: doc.application.name,
    created,
    dryRun: opts.dryRun,
    changes,
  };
}

/**
 * Applies a configuration document to an application, declaratively and idempotently: what the document says
 * is what the application has afterwards (assignments not listed are removed), and a document that matches
 * changes nothing, not even the audit trail. Everything is checked first and any problem refuses the whole
 * document, with every problem at its JSON path. One transaction; a dry run runs the same transaction,
 * lists what would change, and rolls it back.
 */
export async function applyConfiguration(
  input: z.input<typeof applyConfigurationInput>,
  actor: string,
): Promise<ApplyConfigurationResult> {
  const { applicationId, document, dryRun } = applyConfigurationInput.parse(input);
  const doc = parseConfigurationDocument(document);
  try {
    return await prisma.$transaction(
      async (tx) => {
        const result = await applyInTx(tx, doc, { applicationId, dryRun, actor });
        if (dryRun) throw new DryRunRollback(result);
        return result;
      },
      // A document of thousands of assignments takes more than Prisma's default 5 s.
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result;
    throw e;
  }
}
