/**
 * A group's membership change as plain data: the members (source ids) to add and remove at the target.
 * `desired` holds the group's source members that are provisioned (linked at the target); `exported`
 * the members last sent, or null when unknown (a group adopted from the target): then every desired
 * member is added (adding a present member is harmless) and nothing is removed.
 */
export function planMemberDelta(
  desired: Iterable<string>,
  exported: string[] | null,
): { add: string[]; remove: string[] } {
  const want = new Set(desired);
  if (exported === null) return { add: [...want], remove: [] };
  const had = new Set(exported);
  const add: string[] = [];
  const remove: string[] = [];
  for (const id of want) if (!had.has(id)) add.push(id);
  for (const id of had) if (!want.has(id)) remove.push(id);
  return { add, remove };
}
