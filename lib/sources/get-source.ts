import { prisma } from "../db/prisma";
import {
  parseScimPushAttributeMap,
  sourceIdSchema,
  type ScimPushAttributeMap,
  type SourceKind,
  type SourceStatus,
} from "./source-schemas";

export type SourceTokenItem = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type SourceDetail = {
  id: string;
  name: string;
  kind: SourceKind;
  status: SourceStatus;
  attributeMap: ScimPushAttributeMap;
  lastChangeAt: Date | null;
  lastRequestAt: Date | null;
  createdAt: Date;
  counts: { users: number; deletedUsers: number; groups: number };
  /** Newest first; revoked ones too (the page shows when they were revoked). Never a token or its hash. */
  tokens: SourceTokenItem[];
};

/** A source's page: settings, what it owns, and its tokens' names and prefixes. Null when there is none. */
export async function getSource(id: string): Promise<SourceDetail | null> {
  const parsed = sourceIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const source = await prisma.source.findUnique({
    where: { id: parsed.data },
    include: {
      tokens: {
        orderBy: { createdAt: "desc" },
        select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      },
    },
  });
  if (!source) return null;
  const [users, deletedUsers, groups] = await Promise.all([
    prisma.directoryUser.count({ where: { sourceId: source.id, deletedAt: null } }),
    prisma.directoryUser.count({ where: { sourceId: source.id, deletedAt: { not: null } } }),
    prisma.directoryGroup.count({ where: { sourceId: source.id, deletedAt: null } }),
  ]);
  return {
    id: source.id,
    name: source.name,
    kind: source.kind as SourceKind,
    status: source.status as SourceStatus,
    // An LDAP source keeps its map with its settings (LdapSourceConfig); this one is SCIM push's.
    attributeMap: source.kind === "ScimPush" ? parseScimPushAttributeMap(source.attributeMap) : { users: [] },
    lastChangeAt: source.lastChangeAt,
    lastRequestAt: source.lastRequestAt,
    createdAt: source.createdAt,
    counts: { users, deletedUsers, groups },
    tokens: source.tokens,
  };
}
