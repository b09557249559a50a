import SCIMMY from "scimmy";
import { z } from "zod";
import { prisma } from "../db/prisma";
import { selectUpnMatches } from "../db/sql/directory-users";
import { recordAuditEvent } from "../audit/record-audit-event";
import { optionalUserAttributeNames } from "../directory/directory-schemas";
import { recordDirectoryChanges } from "../directory/record-directory-change";
import { AppError } from "../errors";
import { loadSourceForWrite } from "./load-source-for-write";
import { scimAttributeMapSchema, type ScimAttributeMapping } from "./scim-attribute-map";
import { mapScimUser } from "./scim/map-scim-user";
import { parseScimPushAttributeMap, sourceIdSchema } from "./source-schemas";

export const saveSourceAttributeMapInput = z.object({ sourceId: sourceIdSchema, users: scimAttributeMapSchema });

const BATCH = 500;

/**
 * Saves a SCIM push source's user mapping and applies it at once to every user the source pushed, from the
 * SCIM resources it last sent: the directory then looks as if the IdP had pushed under the new mapping.
 * All or nothing: when a user would get a value the directory refuses (or a user principal name another
 * user holds), nothing is saved and the error names the user.
 */
export async function saveSourceAttributeMap(
  input: z.input<typeof saveSourceAttributeMapInput>,
  actor: string,
): Promise<{ usersChanged: number }> {
  const { sourceId, users: mapping } = saveSourceAttributeMapInput.parse(input);
  return prisma.$transaction(
    async (tx) => {
      const source = await loadSourceForWrite(tx, sourceId);
      if (source.kind !== "ScimPush") throw new AppError("source.kind", "Only SCIM push sources have this mapping.");
      const before = parseScimPushAttributeMap(source.attributeMap);
      const anchors = new Map(
        (
          await tx.directoryUser.findMany({
            where: { sourceId },
            select: { id: true, sourceAnchor: true, deletedAt: true },
          })
        ).map((u) => [u.sourceAnchor!, u]),
      );
      let usersChanged = 0;
      for (let offset = 0; ; offset += BATCH) {
        const rows = await tx.sourceResource.findMany({
          where: { sourceId, objectType: "User" },
          orderBy: { anchor: "asc" },
          skip: offset,
          take: BATCH,
          select: { anchor: true, resource: true },
        });
        if (rows.length === 0) break;
        const current = new Map(
          (
            await tx.directoryUser.findMany({ where: { sourceId, sourceAnchor: { in: rows.map((r) => r.anchor) } } })
          ).map((u) => [u.sourceAnchor!, u]),
        );
        const changed: string[] = [];
        for (const row of rows) {
          const user = current.get(row.anchor);
          if (!user) continue;
          const data = mappedRow(
            JSON.parse(row.resource) as Record<string, unknown>,
            mapping,
            user.userPrincipalName,
            anchors,
          );
          const diff = Object.keys(data).filter((k) => data[k] !== (user as Record<string, unknown>)[k]);
          if (diff.length === 0) continue;
          if (data.userPrincipalName !== user.userPrincipalName) {
            const holders = await selectUpnMatches(tx, data.userPrincipalName as string);
            if (holders.some((h) => h.id !== user.id))
              throw refused(
                user.userPrincipalName,
                `its new user principal name ${String(data.userPrincipalName)} is taken`,
              );
          }
          await tx.directoryUser.update({ where: { id: user.id }, data });
          changed.push(user.id);
        }
        await recordDirectoryChanges(
          tx,
          changed.map((objectId) => ({ objectType: "User" as const, objectId, kind: "Updated" as const })),
        );
        usersChanged += changed.length;
      }
      await tx.source.update({
        where: { id: sourceId },
        data: {
          attributeMap: JSON.stringify({ ...before, users: mapping }),
          ...(usersChanged ? { lastChangeAt: new Date() } : {}),
        },
      });
      await recordAuditEvent(tx, {
        actor,
        action: "source.mapping.updated",
        details: { sourceId, before: before.users, after: mapping, usersChanged },
      });
      return { usersChanged };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

function refused(upn: string, why: string): AppError {
  return new AppError(
    "source.mapping_invalid",
    `The mapping cannot be applied to ${upn}: ${why}. Nothing was saved; change the mapping or the user at the source.`,
  );
}

function mappedRow(
  resource: Record<string, unknown>,
  mapping: ScimAttributeMapping[],
  upn: string,
  anchors: Map<string, { id: string; deletedAt: Date | null }>,
): Record<string, unknown> {
  let mapped;
  try {
    mapped = mapScimUser(resource, mapping);
  } catch (e) {
    throw refused(upn, e instanceof SCIMMY.Types.Error ? e.message : String(e));
  }
  const manager = mapped.managerAnchor ? anchors.get(mapped.managerAnchor) : undefined;
  const a = mapped.attributes;
  const data: Record<string, unknown> = {
    userPrincipalName: a.userPrincipalName,
    displayName: a.displayName,
    mailNickname: a.mailNickname,
    accountEnabled: a.accountEnabled ?? true,
    managerId: manager && !manager.deletedAt ? manager.id : null,
  };
  for (const name of optionalUserAttributeNames) data[name] = a[name] ?? null;
  return data;
}
