import type { Client, Entry } from "ldapts";
import { LdapEntryError } from "./map-ldap-entry";

/**
 * Active Directory's ranged retrieval: an attribute with more values than the server's MaxValRange (1,500 or
 * 5,000, typically a big group's `member`) comes back as `member;range=0-1499` and nothing under `member`.
 * The client asks for `member;range=1500-*` on the same entry, gets `member;range=1500-2999`, and so on until
 * the answer's range ends in `*`. OpenLDAP and 389 DS never do this; their entries pass through untouched.
 */

type Values = string[] | Buffer[];

/** One ranged attribute key: `member;range=1500-2999` or `member;range=3000-*`. */
const RANGED = /^(.+);range=(\d+)-(\d+|\*)$/i;

/** Reads the next range of one attribute: the entry's attributes as the server returned them, or null. */
export type FetchRange = (attribute: string, low: number) => Promise<Record<string, unknown> | null>;

/** More rounds than any directory needs (1,000 × 1,500 values), so a server that never ends a range cannot loop. */
const MAX_ROUNDS = 1000;

function asValues(v: unknown): Values {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Values;
}

/**
 * The ranged key of `attribute` in a result, with its range (the attribute name in any letter case). ldapts
 * adds each requested attribute the server did not return as an empty array, so the answer to
 * `member;range=1500-*` also holds an empty `member;range=1500-*` beside AD's `member;range=1500-2999`: a key
 * with values wins.
 */
function findRange(
  attrs: Record<string, unknown>,
  attribute: string,
): { key: string; low: number; high: number | null } | null {
  let found: { key: string; low: number; high: number | null } | null = null;
  for (const key of Object.keys(attrs)) {
    const m = RANGED.exec(key);
    if (!m || m[1].toLowerCase() !== attribute.toLowerCase()) continue;
    const range = { key, low: Number(m[2]), high: m[3] === "*" ? null : Number(m[3]) };
    if (asValues(attrs[key]).length > 0) return range;
    found ??= range;
  }
  return found;
}

/**
 * The entry with every ranged attribute gathered whole under its plain name (`member`), following the ranges
 * with `fetch`. A server whose next answer does not continue where the last range ended (a gap, an overlap, a
 * range that does not advance) fails the entry: a partial member list would remove real members.
 */
export async function gatherRangedValues<E extends { dn: string }>(
  entry: E,
  fetch: FetchRange,
): Promise<E & Record<string, unknown>> {
  const ranged = Object.keys(entry).filter((k) => RANGED.test(k));
  if (ranged.length === 0) return entry as E & Record<string, unknown>;
  const out: Record<string, unknown> = { ...entry };
  for (const key of ranged) {
    const [, attribute, lowText, highText] = RANGED.exec(key)!;
    if (Number(lowText) !== 0)
      throw new LdapEntryError(entry.dn, null, `The server returned ${key} without the values before it`);
    const values: unknown[] = [...asValues(entry[key as keyof E])];
    let high = highText === "*" ? null : Number(highText);
    for (let round = 0; high !== null; round++) {
      if (round >= MAX_ROUNDS)
        throw new LdapEntryError(entry.dn, null, `The server's ranges of ${attribute} did not end`);
      const next = high + 1;
      const attrs = await fetch(attribute, next);
      const range = attrs ? findRange(attrs, attribute) : null;
      // No ranged attribute at all: the values ended exactly at the last range (or were removed meanwhile).
      if (!range) break;
      if (range.low !== next || (range.high !== null && range.high < range.low))
        throw new LdapEntryError(
          entry.dn,
          null,
          `The server answered ${range.key} when ${attribute};range=${next}-* was asked for`,
        );
      values.push(...asValues(attrs![range.key]));
      high = range.high;
    }
    delete out[key];
    // The values go under the plain name (replacing an empty one a server may send beside the ranged one).
    const plain = Object.keys(out).find((k) => k.toLowerCase() === attribute.toLowerCase());
    out[plain ?? attribute] = values;
  }
  return out as E & Record<string, unknown>;
}

/** gatherRangedValues over an ldapts client: each next range is a base search of the entry itself. */
export function gatherEntryRanges(client: Client, entry: Entry): Promise<Entry> {
  return gatherRangedValues(entry, async (attribute, low) => {
    const { searchEntries } = await client.search(entry.dn, {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: [`${attribute};range=${low}-*`],
    });
    return searchEntries[0] ?? null;
  });
}
