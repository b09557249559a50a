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

export type LdapSyncMode = "Full" | "Delta";

export type LdapSyncSummary = {
  runId: number;
  mode: LdapSyncMode;
  status: "Succeeded" | "CompletedWithErrors" | "Failed";
  counts: LdapRunContext["counts"];
  message: string | null;
};

/** A run holds the source this long at most; a process that died mid-run frees it when it expires. */
const LEASE_MS = 30 * 60_000;

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
    await opts.write(entries);
  }
}

async function readEverything(client: Client, ctx: LdapRunContext, watermark: string | null): Promise<void> {
  const s = ctx.settings;
  const users = () =>
    readPages(client, ctx, {
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
      ? readPages(client, ctx, {
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
    await writeLdapGroupMemberOf(client, ctx, changedGroups);
    await users();
  } else {
    await users();
    await groups();
  }
}

/**
 * Takes the source's lease and starts its run in one transaction: a process that holds the lease always
 * has a Running run, so whoever sees that process stop can fail its run and free the source.
 */
async function startRun(sourceId: string, now: Date, mode: LdapSyncMode): Promise<{ id: number }> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.ldapSourceConfig.updateMany({
      where: { sourceId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
    });
    if (count === 0) throw new AppError("ldap.sync_running", "A sync of this source is running.");
    return tx.ldapSyncRun.create({ data: { sourceId, mode, status: "Running", startedAt: now }, select: { id: true } });
  });
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
  opts: { mode?: LdapSyncMode; onStarted?: (runId: number) => void } = {},
): Promise<LdapSyncSummary> {
  const config = await prisma.ldapSourceConfig.findUnique({ where: { sourceId }, include: { source: true } });
  if (!config) throw new AppError("source.not_found", "This LDAP source no longer exists.");
  const settings = parseStoredLdapSettings(config.settings);
  if (!settings) throw new AppError("ldap.not_configured", "Save the connection settings of this source first.");
  const started = await databaseNow(); // the lease is compared by every process, on any machine
  const mode = opts.mode ?? chooseMode(config, settings, started);
  const run = await startRun(sourceId, started, mode);
  opts.onStarted?.(run.id);
  const ctx = new LdapRunContext(sourceId, run.id, settings, mode === "Full");
  let message: string | null = null;
  let note: string | null = null;
  let failed = false;
  try {
    const password = readLdapBindPassword(config, settings);
    const client = await openLdapClient(settings, password);
    try {
      await readEverything(client, ctx, mode === "Full" ? null : config.deltaWatermark);
    } finally {
      await client.unbind().catch(() => {});
    }
    await settleLdapMemberDns(ctx);
    note = ctx.memberNote();
    if (mode === "Full") message = await reconcileLdapDeletions(ctx);
    if (ctx.changed > 0) await pushWrite([sourceChangedStatement(sourceId, new Date())]);
  } catch (e) {
    failed = true;
    const d = e instanceof AppError ? null : diagnoseLdapError(e, { url: settings.url, baseDn: settings.baseDn });
    message = d ? `${d.message}${d.serverMessage ? ` The server said: ${d.serverMessage}` : ""}` : (e as Error).message;
  }
  const ended = new Date();
  const status = failed ? "Failed" : ctx.counts.failed > 0 || message ? "CompletedWithErrors" : "Succeeded";
  // Members that are not users are worth knowing about, not an error of the run.
  if (!failed && note) message = message ? `${message} ${note}` : note;
  await prisma.$transaction([
    // The Sources page's status: a source that answered a run is active.
    ...(failed ? [] : [prisma.source.update({ where: { id: sourceId }, data: { lastRequestAt: ended } })]),
    prisma.ldapSyncRun.update({
      where: { id: run.id },
      data: {
        status,
        endedAt: ended,
        ...ctx.counts,
        message,
        errors: ctx.errors.length ? JSON.stringify(ctx.errors) : null,
      },
    }),
    prisma.ldapSourceConfig.update({
      where: { sourceId },
      data: {
        leaseUntil: null,
        lastSyncAt: ended,
        nextSyncAt: new Date(ended.getTime() + settings.intervalSeconds * 1000),
        ...(failed
          ? {}
          : {
              deltaWatermark: laterWatermark(settings, config.deltaWatermark, ctx.watermark),
              ...(mode === "Full" ? { lastFullSyncAt: started, fullRequested: false } : {}),
            }),
      },
    }),
  ]);
  return { runId: run.id, mode, status, counts: { ...ctx.counts }, message };
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
