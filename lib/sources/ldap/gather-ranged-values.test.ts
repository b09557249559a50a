import { Client } from "ldapts";
import { describe, expect, it } from "vitest";
import { LdapEntryError } from "./map-ldap-entry";
import { gatherEntryRanges, gatherRangedValues, type FetchRange } from "./gather-ranged-values";
import { testLdap } from "./test-support/ldap-fixture";

// Active Directory's ranged retrieval, against a small model of how AD answers (no AD server here; OpenLDAP
// never returns ranges, and the ordinary path is exercised against slapd in ldap-sync.test.ts).

const members = (n: number) => Array.from({ length: n }, (_, i) => `CN=User ${i},OU=People,DC=contoso,DC=com`);

/** AD's answer to `member;range=<low>-*` with MaxValRange `max`: the next slice, `*` on the last one. */
function adRanges(values: string[], max: number): { fetch: FetchRange; asked: string[] } {
  const asked: string[] = [];
  const slice = (low: number): Record<string, unknown> => {
    const high = low + max - 1;
    const last = high >= values.length - 1;
    return { [`member;range=${low}-${last ? "*" : high}`]: values.slice(low, high + 1) };
  };
  return {
    asked,
    fetch: (attribute, low) => {
      asked.push(`${attribute};range=${low}-*`);
      return Promise.resolve({ dn: "CN=Big,DC=contoso,DC=com", ...slice(low) });
    },
  };
}

function firstAnswer(values: string[], max: number) {
  const high = Math.min(max, values.length) - 1;
  return {
    dn: "CN=Big,DC=contoso,DC=com",
    cn: "Big",
    [`member;range=0-${values.length > max ? high : "*"}`]: values.slice(0, max),
  };
}

describe("gatherRangedValues", () => {
  it("follows AD's ranges until the one that ends in *, and gathers every value under the plain name", async () => {
    const all = members(3700);
    const ad = adRanges(all, 1500);
    const entry = await gatherRangedValues(firstAnswer(all, 1500), ad.fetch);
    expect(ad.asked).toEqual(["member;range=1500-*", "member;range=3000-*"]);
    expect(entry.member).toEqual(all);
    expect(Object.keys(entry).sort()).toEqual(["cn", "dn", "member"]);
  });

  it("ends when the values end exactly at a range's end (the next answer names no range)", async () => {
    const all = members(3000);
    const entry = await gatherRangedValues(
      { dn: "CN=Big", "member;range=0-1499": all.slice(0, 1500) },
      (_attribute, low) =>
        Promise.resolve(low === 1500 ? { dn: "CN=Big", "member;range=1500-2999": all.slice(1500) } : { dn: "CN=Big" }),
    );
    expect(entry.member).toEqual(all);
  });

  it("takes AD's range over the empty one ldapts adds under the requested name", async () => {
    const all = members(3500);
    const entry = await gatherRangedValues(
      // As ldapts hands AD's first answer over: the requested member and uniqueMember added empty.
      { dn: "CN=Big", "member;range=0-1499": all.slice(0, 1500), member: [], uniqueMember: [] },
      (attribute, low) => {
        const high = low + 1499 >= all.length - 1 ? "*" : String(low + 1499);
        const answer: Record<string, unknown> = { dn: "CN=Big" };
        // The requested name first here, to show the order does not matter.
        if (high !== "*") answer[`${attribute};range=${low}-*`] = [];
        answer[`${attribute};range=${low}-${high}`] = all.slice(low, low + 1500);
        return Promise.resolve(answer);
      },
    );
    expect(entry.member).toEqual(all);
    expect(entry.uniqueMember).toEqual([]);
  });

  it("leaves an entry without ranges alone and asks nothing", async () => {
    const entry = { dn: "cn=Engineers,ou=Groups,dc=provisio,dc=test", member: members(3) };
    const asked: number[] = [];
    const out = await gatherRangedValues(entry, (_a, low) => {
      asked.push(low);
      return Promise.resolve(null);
    });
    expect(out).toBe(entry);
    expect(asked).toEqual([]);
  });

  it("gathers a range that ends in * at once (fewer values than MaxValRange, but still ranged)", async () => {
    const entry = await gatherRangedValues({ dn: "CN=G", "member;range=0-*": members(2) }, () => {
      throw new Error("nothing more to ask");
    });
    expect(entry.member).toEqual(members(2));
  });

  it("matches the attribute in any letter case and replaces an empty plain attribute", async () => {
    const all = members(4);
    const entry = await gatherRangedValues({ dn: "CN=G", Member: [], "Member;Range=0-1": all.slice(0, 2) }, () =>
      Promise.resolve({ dn: "CN=G", "member;range=2-*": all.slice(2) }),
    );
    expect(entry.Member).toEqual(all);
    expect(Object.keys(entry)).toEqual(["dn", "Member"]);
  });

  it("gathers memberOf (a back-link AD ranges too) beside member", async () => {
    const groups = members(3).map((m) => m.replace("User", "Group"));
    const entry = await gatherRangedValues(
      { dn: "CN=U", "memberOf;range=0-0": groups.slice(0, 1), "member;range=0-*": ["CN=X"] },
      (attribute, low) => Promise.resolve({ dn: "CN=U", [`${attribute};range=${low}-*`]: groups.slice(low) }),
    );
    expect(entry.memberOf).toEqual(groups);
    expect(entry.member).toEqual(["CN=X"]);
  });

  it("fails the entry when the server skips or repeats values, or never ends", async () => {
    const gap = gatherRangedValues({ dn: "CN=G", "member;range=0-1": ["a", "b"] }, () =>
      Promise.resolve({ dn: "CN=G", "member;range=5-*": ["f"] }),
    );
    await expect(gap).rejects.toBeInstanceOf(LdapEntryError);
    await expect(gap).rejects.toThrow("The server answered member;range=5-* when member;range=2-* was asked for");
    const noStart = gatherRangedValues({ dn: "CN=G", "member;range=3-*": ["d"] }, () => Promise.resolve(null));
    await expect(noStart).rejects.toThrow(/without the values before it/);
    let rounds = 0;
    const endless = gatherRangedValues({ dn: "CN=G", "member;range=0-0": ["v"] }, (_a, low) => {
      rounds++;
      return Promise.resolve({ dn: "CN=G", [`member;range=${low}-${low}`]: ["v"] });
    });
    await expect(endless).rejects.toThrow(/did not end/);
    expect(rounds).toBe(1000);
  });
});

describe("gatherEntryRanges against slapd", () => {
  it("asks the server for the next range with a base search, and ends when the server has no ranges", async () => {
    // slapd knows no range option: it returns nothing for cn;range=1-*, which ldapts hands over as empty.
    const info = testLdap();
    const client = new Client({ url: info.url, timeout: 10_000 });
    await client.bind(info.readerDn, info.readerPassword);
    try {
      const entry = await gatherEntryRanges(client, { dn: info.readerDn, "cn;range=0-0": "provisio-reader" });
      expect(entry).toEqual({ dn: info.readerDn, cn: ["provisio-reader"] });
    } finally {
      await client.unbind();
    }
  });
});
