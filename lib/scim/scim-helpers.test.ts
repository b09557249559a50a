import { describe, expect, it } from "vitest";
import { buildScimResource, CORE_USER_SCHEMA, CORE_GROUP_SCHEMA } from "./build-scim-resource";
import { readScimValue } from "./read-scim-value";
import { buildMemberPatchOps, buildPatchOps } from "./build-patch-ops";
import { eqFilter, escapeFilterValue } from "./escape-filter-value";
import { parseScimPath } from "./parse-scim-path";
import { parseRetryAfter } from "./create-scim-client";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("escapeFilterValue", () => {
  it("quotes strings and escapes quotes, backslashes and control characters", () => {
    expect(escapeFilterValue('o"brien\\x')).toBe('"o\\"brien\\\\x"');
    expect(escapeFilterValue("a\nb")).toBe('"a\\nb"');
    expect(JSON.parse(escapeFilterValue('he said "hi" \\ bye'))).toBe('he said "hi" \\ bye');
  });
  it("writes numbers, booleans and null bare", () => {
    expect(escapeFilterValue(42)).toBe("42");
    expect(escapeFilterValue(true)).toBe("true");
    expect(escapeFilterValue(null)).toBe("null");
    expect(() => escapeFilterValue(Number.NaN)).toThrow();
  });
  it("builds eq filters", () => {
    expect(eqFilter("userName", 'a"b')).toBe('userName eq "a\\"b"');
  });
});

describe("parseScimPath", () => {
  it("understands plain, dotted, filtered and extension paths", () => {
    expect(parseScimPath("userName")).toEqual({ attribute: "userName", schema: undefined, filter: undefined, subAttribute: undefined });
    expect(parseScimPath("name.givenName")).toMatchObject({ attribute: "name", subAttribute: "givenName" });
    expect(parseScimPath('emails[type eq "work"].value')).toMatchObject({ attribute: "emails", filter: [{ attribute: "type", value: "work" }], subAttribute: "value" });
    expect(parseScimPath(`${ENT}:department`)).toMatchObject({ schema: ENT, attribute: "department" });
    expect(parseScimPath(`${ENT}:manager.displayName`)).toMatchObject({ schema: ENT, attribute: "manager", subAttribute: "displayName" });
    expect(parseScimPath("urn:ietf:params:scim:schemas:core:2.0:User:userName")).toMatchObject({ schema: undefined, attribute: "userName" });
    expect(parseScimPath('addresses[type eq "work" and primary eq true].locality').filter).toEqual([
      { attribute: "type", value: "work" },
      { attribute: "primary", value: true },
    ]);
    expect(parseScimPath('emails[type eq "a and b"].value').filter).toEqual([{ attribute: "type", value: "a and b" }]);
  });
  it("refuses what it does not understand, with an admin-readable message", () => {
    expect(() => parseScimPath('emails[type co "work"].value')).toThrow(/only "attribute eq value"/);
    expect(() => parseScimPath("")).toThrow(/empty/);
    expect(() => parseScimPath("emails[type eq work].value")).toThrow(/not a value/);
    expect(() => parseScimPath("na me")).toThrow(/not an attribute name/);
  });
});

describe("buildScimResource", () => {
  it("turns mapping paths into a user with core and extension schemas", () => {
    const r = buildScimResource("User", {
      userName: "ada@example.com",
      active: true,
      "name.givenName": "Ada",
      "name.familyName": "Lovelace",
      'emails[type eq "work"].value': "ada@example.com",
      'emails[type eq "work"].primary': true,
      'phoneNumbers[type eq "mobile"].value': "+1 555",
      'phoneNumbers[type eq "work"].value': null,
      'roles[primary eq "True"].value': "Admin",
      [`${ENT}:department`]: "Engineering",
      [`${ENT}:manager`]: "mgr-1",
      externalId: undefined,
    });
    expect(r).toEqual({
      schemas: [CORE_USER_SCHEMA, ENT],
      userName: "ada@example.com",
      active: true,
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ type: "work", value: "ada@example.com", primary: true }],
      phoneNumbers: [{ type: "mobile", value: "+1 555" }],
      roles: [{ primary: true, value: "Admin" }],
      [ENT]: { department: "Engineering", manager: { value: "mgr-1" } },
    });
  });
  it("leaves the extension schema out when no extension attribute has a value", () => {
    const r = buildScimResource("User", { userName: "a", [`${ENT}:department`]: null });
    expect(r.schemas).toEqual([CORE_USER_SCHEMA]);
    expect(r[ENT]).toBeUndefined();
  });
  it("builds groups with members as complex values", () => {
    expect(buildScimResource("Group", { displayName: "Sales", externalId: "g1", members: ["u1", "u2"] })).toEqual({
      schemas: [CORE_GROUP_SCHEMA],
      displayName: "Sales",
      externalId: "g1",
      members: [{ value: "u1" }, { value: "u2" }],
    });
  });
});

describe("readScimValue", () => {
  const resource = {
    id: "1",
    UserName: "ada@example.com",
    name: { GivenName: "Ada" },
    emails: [
      { type: "home", value: "ada@home" },
      { type: "Work", value: "ada@work", primary: true },
    ],
    roles: [{ primary: true, value: "Admin" }],
    ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"]: { Department: "Eng", manager: { value: "m1", displayName: "Boss" } },
    active: false,
    nothing: null,
  };
  it("reads what buildScimResource writes, ignoring attribute-name case", () => {
    expect(readScimValue(resource, "userName")).toBe("ada@example.com");
    expect(readScimValue(resource, "name.givenName")).toBe("Ada");
    expect(readScimValue(resource, 'emails[type eq "work"].value')).toBe("ada@work");
    expect(readScimValue(resource, 'roles[primary eq "True"].value')).toBe("Admin");
    expect(readScimValue(resource, "emails.value")).toBe("ada@work");
    expect(readScimValue(resource, `${ENT}:department`)).toBe("Eng");
    expect(readScimValue(resource, `${ENT}:manager`)).toBe("m1");
    expect(readScimValue(resource, `${ENT}:manager.displayName`)).toBe("Boss");
    expect(readScimValue(resource, "active")).toBe(false);
  });
  it("gives undefined where nothing is held", () => {
    expect(readScimValue(resource, 'emails[type eq "other"].value')).toBeUndefined();
    expect(readScimValue(resource, "name.familyName")).toBeUndefined();
    expect(readScimValue(resource, "nothing")).toBeUndefined();
    expect(readScimValue(resource, "urn:x:y:Ext:attr")).toBeUndefined();
    expect(readScimValue(null, "userName")).toBeUndefined();
  });
  it("round-trips every value built", () => {
    const values = {
      userName: "u",
      "name.givenName": "G",
      'emails[type eq "work"].value': "w@x",
      'phoneNumbers[type eq "mobile"].value': "1",
      [`${ENT}:department`]: "D",
      [`${ENT}:manager`]: "M",
    };
    const built = buildScimResource("User", values);
    for (const [path, value] of Object.entries(values)) expect(readScimValue(built, path)).toBe(value);
  });
});

describe("buildPatchOps", () => {
  it("sends only what differs: replace changed, add new, remove cleared", () => {
    const ops = buildPatchOps(
      { userName: "a", displayName: "A", "name.givenName": "Ann", 'emails[type eq "work"].value': "a@x", [`${ENT}:department`]: "Sales", active: true },
      { userName: "a", displayName: "A2", "name.givenName": null, 'emails[type eq "work"].value': "a2@x", [`${ENT}:department`]: "Sales", active: false, title: "CTO" },
    );
    expect(ops).toEqual([
      { op: "replace", path: "displayName", value: "A2" },
      { op: "remove", path: "name.givenName" },
      { op: "replace", path: 'emails[type eq "work"].value', value: "a2@x" },
      { op: "replace", path: "active", value: false },
      { op: "add", path: "title", value: "CTO" },
    ]);
  });
  it("adds a new filtered value as an element of the multi-valued attribute (no noTarget)", () => {
    expect(buildPatchOps({}, { 'emails[type eq "work"].value': "a@x", [`${ENT}:manager`]: "m1" })).toEqual([
      { op: "add", path: "emails", value: [{ type: "work", value: "a@x" }] },
      { op: "add", path: `${ENT}:manager`, value: { value: "m1" } },
    ]);
  });
  it("removes values that are gone from next, and sends nothing when equal", () => {
    expect(buildPatchOps({ a: "x", b: null }, {})).toEqual([{ op: "remove", path: "a" }]);
    expect(buildPatchOps({ a: ["x", { y: 1 }], b: null }, { a: ["x", { y: 1 }], b: undefined })).toEqual([]);
    expect(buildPatchOps({ a: 1 }, { a: "1" })).toEqual([{ op: "replace", path: "a", value: "1" }]);
  });
});

describe("buildMemberPatchOps", () => {
  it("removes by value filter and adds complex values, in one request when small", () => {
    expect(buildMemberPatchOps(["u1", "u2"], ['u"3'])).toEqual([
      [
        { op: "remove", path: 'members[value eq "u\\"3"]' },
        { op: "add", path: "members", value: [{ value: "u1" }, { value: "u2" }] },
      ],
    ]);
  });
  it("batches at most batchSize member changes per request", () => {
    const add = Array.from({ length: 250 }, (_, i) => `a${i}`);
    const remove = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const requests = buildMemberPatchOps(add, remove, 100);
    expect(requests).toHaveLength(3);
    const changes = (ops: { op: string; value?: unknown }[]) => ops.reduce((n, o) => n + (o.op === "add" ? (o.value as unknown[]).length : 1), 0);
    expect(requests.map(changes)).toEqual([100, 100, 80]);
    const added = requests.flat().filter((o) => o.op === "add").flatMap((o) => (o.value as { value: string }[]).map((v) => v.value));
    expect(added).toEqual(add);
    expect(requests.flat().filter((o) => o.op === "remove")).toHaveLength(30);
  });
  it("gives no request when nothing changes, and refuses a bad batch size", () => {
    expect(buildMemberPatchOps([], [])).toEqual([]);
    expect(() => buildMemberPatchOps(["a"], [], 0)).toThrow();
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(parseRetryAfter(inFive)).toBeGreaterThan(3000);
    expect(parseRetryAfter(new Date(Date.now() - 5000).toUTCString())).toBe(0);
  });
});
