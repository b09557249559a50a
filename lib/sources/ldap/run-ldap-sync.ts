import type { Client, Entry } from "ldapts";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { sourceChangedStatement, pushWrite } from "../scim/push-database";
import { diagnoseLdapError } from "./diagnose-ldap-error";
import { LdapRunContext } from "./ldap-run-context";
import { parseStoredLdapSettings, type LdapSettings } from "./ldap-settings";
import { gatherEntryRanges } from "./gather-ranged-values";
import { LdapEntryError, ldapAnchor, requestedAttributes } from "./map-ldap-entry";
import { openLdapClient } from "./open-ldap-client";
import { readLdapBindPassword } from "./read-ldap-bind-password";
import { reconcileLdapDeletions } from "./reconcile-ldap-deletions";
import { settleLdapMemberDns, writeLdapGroups } from "./write-ldap-groups";
import { writeLdapUsers } from "./write-ldap-users";
import { writeLdapMemberOf } from "./write-ldap-member-of";
import { writeLdapGroupMemberOf } from "./write-ldap-group-member-of";
import { databaseNow } from "../../db/database-clock";
import { ldapLeaseLostError, LdapSyncLease, type LdapLeaseTiming } from "./ldap-sync-lease";

export type LdapSyncMode = "Full" | "Delta";

export type LdapSyncSummary = {
  runId: number;
  mode: LdapSyncMode;
  status: "Succeeded" | "CompletedWithErrors" | "Failed";
  counts: LdapRunContext["counts"];
  message: string | null;
};

function deltaFilter(settings: LdapSettings, filter: string, watermark: string | null): string {
  if (!watermark) return filter;
  if (settings.deltaAttribute === "uSNChanged") return `(&${filter}(uSNChanged>=${BigInt(watermark) + 1n}))`;
  // modifyTimestamp has one-second resolution: the watermark's own second is read again (rewriting it changes nothing).
  return `(&${filter}(modifyTimestamp>=${watermark}))`;
}

/**
 * Reads every page of one search, handing each to `write` before asking for the next (bounded memory). An
 * entry whose big attribute came in ranges (AD's `member;range=0-1499`) is completed first; one the server
 * answers inconsistently for fails alone.
 */
async function readPages(
  client: Client,
  ctx: LdapRunContext,
  lease: LdapSyncLease,
  opts: { filter: string; kind: "User" | "Group"; write: (entries: Entry[]) => Promise<void> },
): Promise<void> {
  const settings = ctx.settings;
  const binary = settings.anchorAttribute.toLowerCase() === "objectguid" ? [settings.anchorAttribute] : [];
  const pages = client.searchPaginated(settings.baseDn, {
    scope: "sub",
    filter: opts.filter,
    attributes: requestedAttributes(settings, opts.kind),
    explicitBufferAttributes: binary,
    paged: { pageSize: settings.pageSize },
  });
  for await (const page of pages) {
    lease.assertHeld(); // a run that lost its source writes nothing more
    const entries: Entry[] = [];
    for (const entry of page.searchEntries) {
      try {
        entries.push(await gatherEntryRanges(client, entry));
      } catch (e) {
        if (!(e instanceof LdapEntryError)) throw e;
        ctx.counts.read += 1;
        ctx.fail(e, { dn: entry.dn, anchor: ldapAnchor(entry, settings.anchorAttribute) });
      }
    }
    await lease.track(opts.write(entries));
  }
}

async function readEverything(
  client: Client,
  ctx: LdapRunContext,
  lease: LdapSyncLease,
  watermark: string | null,
): Promise<void> {
  const s = ctx.settings;
  const users = () =>
    readPages(client, ctx, lease, {
      kind: "User",
      filter: deltaFilter(s, s.userFilter, watermark),
      write: async (entries) => {
        const written = await writeLdapUsers(ctx, entries);
        if (s.membership === "memberOf") await writeLdapMemberOf(ctx, written);
      },
    });
  // The groups a memberOf delta read: their members are looked up again (see writeLdapGroupMemberOf).
  const changedGroups: string[] = [];
  const groups = () =>
    s.groupFilter
      ? readPages(client, ctx, lease, {
          kind: "Group",
          filter: deltaFilter(s, s.groupFilter, watermark),
          write: async (entries) => {
            await writeLdapGroups(ctx, entries);
            if (s.membership === "memberOf" && !ctx.full) changedGroups.push(...entries.map((e) => e.dn));
          },
        })
      : Promise.resolve();
  // Members are DNs of users (read users first); memberOf names groups (read groups first).
  if (s.membership === "memberOf") {
    await groups();
    lease.assertHeld();
    await writeLdapGroupMemberOf(client, ctx, changedGroups);
    await users();
  } else {
    await users();
    await groups();
  }
}

function chooseMode(
  config: { fullRequested: boolean; lastFullSyncAt: Date | null; deltaWatermark: string | null },
  settings: LdapSettings,
  now: Date,
): LdapSyncMode {
  if (config.fullRequested || !config.lastFullSyncAt || !config.deltaWatermark) return "Full";
  return now.getTime() - config.lastFullSyncAt.getTime() >= settings.fullReconcileMinutes * 60_000 ? "Full" : "Delta";
}

/**
 * One sync run of an LDAP source: a full read (every entry in the base DN matching the filters, then deleted
 * and filtered-out objects soft-deleted) or a delta read (entries changed since the watermark). Writes go
 * through the directory's change sequence, so assigned applications wake as for any directory change. Bad
 * entries are logged and skipped; a failing server fails the run, which then deletes nothing and keeps the
 * watermark, so the next run reads the same changes again.
 */
export async function runLdapSync(
  sourceId: string,
  opts: { mode?: LdapSyncMode; onStarted?: (runId: number) => void; lease?: LdapLeaseTiming } = {},
): Promise<LdapSyncSummary> {
  const config = await prisma.ldapSourceConfig.findUnique({ where: { sourceId }, include: { source: true } });
  if (!config) throw new AppError("source.not_found", "This LDAP source no longer exists.");
  const settings = parseStoredLdapSettings(config.settings);
  if (!settings) throw new AppError("ldap.not_configured", "Save the connection settings of this source first.");
  const started = await databaseNow(); // the lease is compared by every process, on any machine
  const mode = opts.mode ?? chooseMode(config, settings, started);
  const lease = await LdapSyncLease.take(sourceId, started, mode, opts.lease);
  const runId = lease.runId;
  const ctx = new LdapRunContext(sourceId, runId, settings, mode === "Full");
  let message: string | null = null;
  let note: string | null = null;
  let failed = false;
  try {
    opts.onStarted?.(runId);
    const password = readLdapBindPassword(config, settings);
    const opening = openLdapClient(settings, password);
    // A connection still opening when the hold is lost is closed once it opens, not left bound.
    const lost = lease.whenLost.catch((e: unknown) => {
      void opening.then((c) => c.unbind()).catch(() => {});
      throw e;
    });
    const client = await Promise.race([opening, lost]);
    try {
      // Raced against the lease: a read stalled in a server that stopped answering ends when the hold is
      // lost, instead of at the operation timeout (its next page finds the hold lost and writes nothing).
      const reading = readEverything(client, ctx, lease, mode === "Full" ? null : config.deltaWatermark);
      reading.catch(() => {});
      await Promise.race([reading, lease.whenLost]);
    } finally {
      await client.unbind().catch(() => {});
    }
    lease.assertHeld();
    await settleLdapMemberDns(ctx);
    note = ctx.memberNote();
    // Deletions only while this run still holds the source: a run that took it over marks what it has
    // seen with its own run id, and would lose all of that here.
    if (mode === "Full") {
      await lease.confirm();
      message = await reconcileLdapDeletions(ctx, () => lease.assertHeld());
    }
    if (ctx.changed > 0) await pushWrite([sourceChangedStatement(sourceId, new Date())]);
  } catch (e) {
    failed = true;
    const d = e instanceof AppError ? null : diagnoseLdapError(e, { url: settings.url, baseDn: settings.baseDn });
    message = d ? `${d.message}${d.serverMessage ? ` The server said: ${d.serverMessage}` : ""}` : (e as Error).message;
  } finally {
    lease.stop();
    // A page write under way when the hold was lost ends before this run's last write.
    await lease.writesSettled();
  }
  const ended = await databaseNow();
  let status: LdapSyncSummary["status"] = failed
    ? "Failed"
    : ctx.counts.failed > 0 || message
      ? "CompletedWithErrors"
      : "Succeeded";
  // Members that are not users are worth knowing about, not an error of the run.
  if (!failed && note) message = message ? `${message} ${note}` : note;
  await prisma.$transaction(async (tx) => {
    // The source's state moves only while this run holds it: a run that lost it leaves the watermark, the
    // next sync time and the lease to the run that holds it now.
    const held = await tx.ldapSourceConfig.updateMany({
      where: { sourceId, leaseRunId: runId },
      data: {
        leaseUntil: null,
        leaseRunId: null,
        lastSyncAt: ended,
        nextSyncAt: new Date(ended.getTime() + settings.intervalSeconds * 1000),
        ...(failed
          ? {}
          : {
              deltaWatermark: laterWatermark(settings, config.deltaWatermark, ctx.watermark),
              ...(mode === "Full" ? { lastFullSyncAt: started, fullRequested: false } : {}),
            }),
      },
    });
    if (held.count === 0 && !failed) {
      failed = true;
      status = "Failed";
      message = ldapLeaseLostError().message;
    }
    // The Sources page's status: a source that answered a run is active.
    if (!failed) await tx.source.update({ where: { id: sourceId }, data: { lastRequestAt: ended } });
    // A run someone else already ended (the process stopping it failed it, with its reason) keeps that end.
    await tx.ldapSyncRun.updateMany({
      where: { id: runId, status: "Running" },
      data: {
        status,
        endedAt: ended,
        ...ctx.counts,
        message,
        errors: ctx.errors.length ? JSON.stringify(ctx.errors) : null,
      },
    });
  });
  return { runId, mode, status, counts: { ...ctx.counts }, message };
}

function laterWatermark(settings: LdapSettings, before: string | null, seen: string | null): string | null {
  if (!seen) return before;
  if (!before) return seen;
  if (settings.deltaAttribute === "uSNChanged") {
    if (!/^\d+$/.test(before)) return seen;
    return BigInt(seen) > BigInt(before) ? seen : before;
  }
  return seen > before ? seen : before;
}
