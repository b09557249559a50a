import { describe, expect, it } from "vitest";
import { buildMemberPatchOps, buildPatchOps } from "./build-patch-ops";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("buildPatchOps", () => {
  it("sends only what differs: replace changed, add new, remove cleared", () => {
    const ops = buildPatchOps(
      {
        userName: "a",
        displayName: "A",
        "name.givenName": "Ann",
        'emails[type eq "work"].value': "a@x",
        [`${ENT}:department`]: "Sales",
        active: true,
      },
      {
        userName: "a",
        displayName: "A2",
        "name.givenName": null,
        'emails[type eq "work"].value': "a2@x",
        [`${ENT}:department`]: "Sales",
        active: false,
        title: "CTO",
      },
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
  it("sends active as a boolean", () => {
    expect(buildPatchOps({ active: "True" }, { active: "False" })).toEqual([
      { op: "replace", path: "active", value: false },
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
    const changes = (ops: { op: string; value?: unknown }[]) =>
      ops.reduce((n, o) => n + (o.op === "add" ? (o.value as unknown[]).length : 1), 0);
    expect(requests.map(changes)).toEqual([100, 100, 80]);
    const added = requests
      .flat()
      .filter((o) => o.op === "add")
      .flatMap((o) => (o.value as { value: string }[]).map((v) => v.value));
    expect(added).toEqual(add);
    expect(requests.flat().filter((o) => o.op === "remove")).toHaveLength(30);
  });
  it("gives no request when nothing changes, and refuses a bad batch size", () => {
    expect(buildMemberPatchOps([], [])).toEqual([]);
    expect(() => buildMemberPatchOps(["a"], [], 0)).toThrow();
  });
});
