/**
 * Provisio's command line, for headless use and benchmarks. Uses the same database as the app
 * (PROVISIO_DATA_DIR or DATABASE_URL). Run: npx provisio <command> (or npm run cli -- <command>).
 */
import fs from "node:fs";
import path from "node:path";
import { closePostgresPools } from "../lib/db/postgres/postgres-pool";
import { prisma } from "../lib/db/prisma";
import { stopCycleQueue } from "../lib/jobs/queue/cycle-queue";
import { isAppError } from "../lib/errors";
import { decodeImportFile } from "../lib/directory/decode-import-file";
import { importDirectoryFile } from "../lib/directory/import-directory-file";
import { findGroupByReference } from "../lib/directory/find-group-by-reference";
import { requestProvisionOnDemand } from "../lib/jobs/request-provision-on-demand";
import { planCycle } from "../lib/sync/plan/plan-cycle";
import { reportDrift } from "../lib/sync/cycle/report-drift";
import { restartProvisioning } from "../lib/sync/cycle/restart-provisioning";
import { runCycle } from "../lib/sync/cycle/run-cycle";
import { applyConfiguration } from "../lib/config-as-code/apply-configuration";
import { exportConfiguration } from "../lib/config-as-code/export-configuration";
import { CONFIGURATION_LIMITS } from "../lib/config-as-code/configuration-document-schema";

const USAGE = `Usage: provisio <command> [options]

Commands:
  apps                                   List applications and their provisioning status (JSON lines)
  sync <app> [--restart] [--initial] [--plan]
                                         Run one provisioning cycle to completion and print its summary (JSON).
                                         --restart clears the watermark and quarantine first (initial cycle);
                                         --plan prints what would change without sending anything.
  drift <app> [--limit <n>]              Compare the target with what would be provisioned, read-only (JSON):
                                         differing attributes, objects gone from the target, group members,
                                         and the target's accounts no directory object is linked to.
                                         Exit 0: no object differs; 1: objects differ (or the report failed).
  on-demand <app> <user UPN or id> [--group <group name or id>]
                                         Provision one user (or a group with up to 5 members) now
  logs <app> [--cycle <id>] [--limit <n>]
                                         Print provisioning log entries as JSON lines (newest last)
  import <file>                          Import users and groups (Entra bulk-create CSV or Graph JSON)
  export <app>                           Print the application's configuration document (JSON, no secrets)
  apply <file> [--dry-run] [--app <app>] Apply a configuration document (a file, or - for stdin) to the
                                         application it names (added from its template when none has that
                                         name) or to --app; --dry-run lists what would change, changing nothing.
                                         Prints the changes (JSON). Exit 0: applied (or nothing to change);
                                         1: refused (every problem with its JSON path on stderr).

<app> is an application id or name. Exit codes: 0 ok, 1 failed, 2 usage error.`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=", 2);
      if (v !== undefined) flags.set(k, v);
      else if (["cycle", "limit", "group", "app"].includes(k)) {
        const next = argv[++i];
        if (next === undefined) throw new UsageError(`--${k} needs a value`);
        flags.set(k, next);
      } else flags.set(k, true);
    } else positional.push(a);
  }
  return { positional, flags };
}

async function findApp(ref: string | undefined) {
  if (!ref) throw new UsageError("Name the application (id or name).");
  const byId = await prisma.application.findUnique({ where: { id: ref }, include: { job: true } });
  if (byId) return byId;
  const byName = await prisma.application.findMany({ where: { name: ref }, include: { job: true } });
  if (byName.length === 1) return byName[0];
  if (byName.length > 1)
    throw new UsageError(`${byName.length} applications are named "${ref}". Use the id (see: provisio apps).`);
  throw new UsageError(`No application "${ref}". List them with: provisio apps`);
}

function jobOf(app: Awaited<ReturnType<typeof findApp>>) {
  if (!app.job) throw new UsageError(`${app.name} has no provisioning job.`);
  return app.job;
}

/** A document's text, read no further than the size apply accepts (stdin included). */
function readDocument(file: string): string {
  const max = CONFIGURATION_LIMITS.documentBytes;
  let bytes: Buffer;
  try {
    const fd = file === "-" ? 0 : fs.openSync(file, "r");
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(65_536);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      size += n;
      if (size > max) throw new UsageError(`${file} is larger than ${max.toLocaleString("en-US")} bytes.`);
      chunks.push(chunk.subarray(0, n));
    }
    if (fd !== 0) fs.closeSync(fd);
    bytes = Buffer.concat(chunks);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return bytes.toString("utf8");
}

const out = (v: unknown) => process.stdout.write(JSON.stringify(v) + "\n");
// `provisio logs … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { positional, flags } = parseArgs(rest);
  switch (command) {
    case "apps": {
      const apps = await prisma.application.findMany({ include: { job: true }, orderBy: { name: "asc" } });
      for (const a of apps) {
        out({
          id: a.id,
          name: a.name,
          templateId: a.templateId,
          status: a.job?.status ?? null,
          enabled: a.job?.enabled ?? false,
          nextRunAt: a.job?.nextRunAt ?? null,
        });
      }
      return 0;
    }
    case "sync": {
      const job = jobOf(await findApp(positional[0]));
      if (flags.has("plan")) {
        out(await planCycle({ jobId: job.id, forceInitial: flags.has("initial") || flags.has("restart") }));
        return 0;
      }
      if (flags.has("restart")) await restartProvisioning({ jobId: job.id }, "cli");
      const summary = await runCycle(job.id, { forceInitial: flags.has("initial") });
      out(summary);
      return summary.status === "Succeeded" ? 0 : 1;
    }
    case "drift": {
      const job = jobOf(await findApp(positional[0]));
      const limitFlag = flags.get("limit");
      const limit = typeof limitFlag === "string" ? Number(limitFlag) : undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000))
        throw new UsageError("--limit must be a whole number from 1 to 1000.");
      const report = await reportDrift({ jobId: job.id, limit });
      out(report);
      return report.differing === 0 ? 0 : 1;
    }
    case "on-demand": {
      const job = jobOf(await findApp(positional[0]));
      const groupRef = flags.get("group");
      if (typeof groupRef === "string") {
        const group = await findGroupByReference(groupRef);
        const result = await requestProvisionOnDemand({
          jobId: job.id,
          objectType: "Group",
          sourceId: group.id,
          actor: "cli",
        });
        out(result);
        return result.status === "Succeeded" ? 0 : 1;
      }
      const ref = positional[1];
      if (!ref) throw new UsageError("Name the user (UPN or id).");
      const user =
        (await prisma.directoryUser.findUnique({ where: { id: ref } })) ??
        (await prisma.directoryUser.findUnique({ where: { userPrincipalName: ref } }));
      if (!user) throw new UsageError(`No user "${ref}" in the directory.`);
      const result = await requestProvisionOnDemand({
        jobId: job.id,
        objectType: "User",
        sourceId: user.id,
        actor: "cli",
      });
      out(result);
      return result.status === "Succeeded" ? 0 : 1;
    }
    case "logs": {
      const job = jobOf(await findApp(positional[0]));
      const limitFlag = flags.get("limit");
      const limit = typeof limitFlag === "string" ? Number(limitFlag) : 100;
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a positive whole number.");
      const cycle = flags.get("cycle");
      const rows = await prisma.provisioningLogEntry.findMany({
        where: { jobId: job.id, ...(typeof cycle === "string" ? { cycleId: cycle } : {}) },
        orderBy: { id: "desc" },
        take: limit,
      });
      for (const r of rows.reverse()) {
        out({
          ...r,
          steps: JSON.parse(r.steps),
          modifiedProperties: r.modifiedProperties ? JSON.parse(r.modifiedProperties) : null,
        });
      }
      return 0;
    }
    case "import": {
      const file = positional[0];
      if (!file) throw new UsageError("Name the file to import.");
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (e) {
        throw new UsageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const text = decodeImportFile(bytes);
      const outcome = await importDirectoryFile({ fileName: path.basename(file), text }, { actor: "cli" });
      out(outcome);
      return outcome.status === "imported" ? 0 : 1;
    }
    case "export": {
      const app = await findApp(positional[0]);
      process.stdout.write(JSON.stringify(await exportConfiguration(app.id), null, 2) + "\n");
      return 0;
    }
    case "apply": {
      const file = positional[0];
      if (!file) throw new UsageError("Name the configuration document to apply (a file, or - for stdin).");
      const appRef = flags.get("app");
      const app = typeof appRef === "string" ? await findApp(appRef) : null;
      const text = readDocument(file);
      const result = await applyConfiguration(
        { applicationId: app?.id, document: text, dryRun: flags.has("dry-run") },
        "cli",
      );
      out(result);
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE + "\n");
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`provisio: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (isAppError(e)) {
      process.stderr.write(`provisio: ${e.message}\n`);
      // A refused document: every problem, one per line, at its JSON path.
      if (e.code === "configuration.invalid" && e.fieldErrors) {
        for (const [path, message] of Object.entries(e.fieldErrors)) process.stderr.write(`  ${path}: ${message}\n`);
      }
      process.exitCode = 1;
    } else {
      process.stderr.write(`provisio: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  })
  // On demand with workers (PROVISIO_WORKERS=queue) started this process's job queue: stop it so the CLI exits.
  .finally(() =>
    stopCycleQueue({ graceful: false, timeoutMs: 1_000 })
      .then(() => closePostgresPools())
      .catch(() => {})
      .finally(() => prisma.$disconnect().catch(() => {})),
  );
