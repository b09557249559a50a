import type { Entry } from "ldapts";
import { mailNicknameFromUpn, userAttributesSchema, type UserAttributes } from "../../directory/directory-schemas";
import type { LdapSettings } from "./ldap-settings";

/** One entry that cannot become a directory object; the run logs it and goes on with the others. */
export class LdapEntryError extends Error {
  constructor(
    readonly dn: string,
    readonly identity: string | null,
    reason: string,
  ) {
    super(reason);
  }
}

type Value = string | Buffer;

/** An attribute's values, by name in any letter case (LDAP attribute names are case-insensitive). */
export function entryValues(entry: Entry, name: string): Value[] {
  const lower = name.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
  if (key === undefined || key === "dn") return [];
  const v = entry[key] as Value | Value[];
  return Array.isArray(v) ? v : [v];
}

function firstText(entry: Entry, name: string): string | null {
  const [v] = entryValues(entry, name);
  if (v === undefined) return null;
  const text = (Buffer.isBuffer(v) ? v.toString("utf8") : v).trim();
  return text === "" ? null : text;
}

/** AD's GUID text form: the first three groups little-endian, as Get-ADUser shows objectGUID. */
function guidText(b: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = [...b.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((x) => x.toString(16).padStart(2, "0")).join("");
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join("-");
}

/** The immutable anchor: objectGUID as a GUID, entryUUID (or another attribute) as its text, lower-cased. */
export function ldapAnchor(entry: Entry, attribute: string): string | null {
  const [v] = entryValues(entry, attribute);
  if (v === undefined) return null;
  if (Buffer.isBuffer(v)) {
    if (v.length === 0) return null;
    return v.length === 16 ? guidText(v) : v.toString("base64");
  }
  const text = v.trim().toLowerCase();
  return text === "" ? null : text.slice(0, 200);
}

/** A DN as a lookup key: attribute names and values lower-cased, spaces around separators dropped. */
export function dnKey(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) =>
      rdn
        .split(/(?<!\\)\+/)
        .map((ava) => {
          const at = ava.indexOf("=");
          return at < 0 ? ava.trim() : `${ava.slice(0, at).trim()}=${ava.slice(at + 1).trim()}`;
        })
        .join("+"),
    )
    .join(",")
    .toLowerCase();
}

export type MappedLdapUser = {
  anchor: string;
  dn: string;
  attributes: UserAttributes & { userPrincipalName: string; displayName: string; mailNickname: string };
  /** Group DNs from memberOf, when membership comes from it. */
  memberOf: string[];
};

/** An entry → the directory's Entra-named attributes, by the source's map; unmapped attributes are cleared. */
export function mapLdapUser(entry: Entry, settings: LdapSettings): MappedLdapUser {
  const dn = entry.dn;
  const identity = () => firstText(entry, settings.userMap.find((m) => m.directory === "userPrincipalName")!.ldap);
  const anchor = ldapAnchor(entry, settings.anchorAttribute);
  if (!anchor) throw new LdapEntryError(dn, identity(), `The entry has no ${settings.anchorAttribute} (its anchor)`);
  const values: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const { directory, ldap } of settings.userMap) {
    from[directory] = ldap;
    if (directory === "accountEnabled") {
      const uac = firstText(entry, ldap);
      // userAccountControl bit 2 (ACCOUNTDISABLE): set means the account is disabled.
      values.accountEnabled = uac === null || !/^-?\d+$/.test(uac) ? true : (Number(uac) & 2) === 0;
    } else values[directory] = firstText(entry, ldap);
  }
  if (!values.userPrincipalName)
    throw new LdapEntryError(dn, null, `The entry has no ${from.userPrincipalName} (its userPrincipalName)`);
  values.displayName ??= firstText(entry, "cn") ?? values.userPrincipalName;
  values.accountEnabled ??= true;
  const parsed = userAttributesSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const attribute = String(issue.path[0] ?? "");
    throw new LdapEntryError(
      dn,
      String(values.userPrincipalName),
      `${from[attribute] ?? attribute} cannot be the directory's ${attribute}: ${issue.message}`,
    );
  }
  const a = parsed.data;
  const memberOf = settings.membership === "memberOf" ? entryValues(entry, "memberOf").map((v) => String(v)) : [];
  return {
    anchor,
    dn,
    attributes: {
      ...a,
      userPrincipalName: a.userPrincipalName,
      displayName: a.displayName,
      mailNickname: a.mailNickname ?? mailNicknameFromUpn(a.userPrincipalName),
    },
    memberOf,
  };
}

export type MappedLdapGroup = {
  anchor: string;
  dn: string;
  displayName: string;
  description: string | null;
  memberDns: string[];
};

export function mapLdapGroup(entry: Entry, settings: LdapSettings): MappedLdapGroup {
  const dn = entry.dn;
  const displayName = firstText(entry, settings.groupNameAttribute) ?? firstText(entry, "cn");
  const anchor = ldapAnchor(entry, settings.anchorAttribute);
  if (!anchor) throw new LdapEntryError(dn, displayName, `The entry has no ${settings.anchorAttribute} (its anchor)`);
  if (!displayName) throw new LdapEntryError(dn, null, `The group has no ${settings.groupNameAttribute}`);
  // uniqueMember may carry an optional "#'…'B" unique identifier after the DN (RFC 4517).
  const memberDns =
    settings.membership === "memberDn"
      ? [...entryValues(entry, "member"), ...entryValues(entry, "uniqueMember")].map((v) =>
          String(v).replace(/#'[01]*'B$/, ""),
        )
      : [];
  return {
    anchor,
    dn,
    displayName: displayName.slice(0, 256),
    description: firstText(entry, "description")?.slice(0, 1024) ?? null,
    memberDns,
  };
}

/** The attributes a search asks for: what the map reads, plus the anchor, the delta attribute and membership. */
export function requestedAttributes(settings: LdapSettings, kind: "User" | "Group"): string[] {
  const names = new Set<string>([settings.anchorAttribute, settings.deltaAttribute, "cn"]);
  if (kind === "User") {
    for (const m of settings.userMap) names.add(m.ldap);
    if (settings.membership === "memberOf") names.add("memberOf");
  } else {
    names.add(settings.groupNameAttribute);
    names.add("description");
    if (settings.membership === "memberDn") {
      names.add("member");
      names.add("uniqueMember");
    }
  }
  return [...names];
}
