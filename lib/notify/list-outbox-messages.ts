import { prisma } from "../db/prisma";

export type OutboxMessageView = {
  id: number;
  createdAt: string;
  applicationId: string | null;
  applicationName: string | null;
  kind: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  delivery: string;
  error: string | null;
};

/** The newest messages first, by keyset on id (`before` = the last id of the previous page). */
export async function listOutboxMessages(
  opts: { before?: number; limit?: number } = {},
): Promise<{ messages: OutboxMessageView[]; nextBefore: number | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const rows = await prisma.outboxMessage.findMany({
    where: opts.before ? { id: { lt: opts.before } } : {},
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const appIds = [...new Set(page.map((r) => r.applicationId).filter((x): x is string => !!x))];
  const apps = new Map(
    (await prisma.application.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true } })).map(
      (a) => [a.id, a.name],
    ),
  );
  return {
    messages: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      applicationId: r.applicationId,
      applicationName: r.applicationId ? (apps.get(r.applicationId) ?? null) : null,
      kind: r.kind,
      to: r.to,
      from: r.from,
      subject: r.subject,
      text: r.text,
      delivery: r.delivery,
      error: r.error,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
