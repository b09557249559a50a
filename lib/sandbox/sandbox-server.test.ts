import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer } from "./start-sandbox-server";

// The standalone sandbox SCIM target, started in-process and driven over real HTTP with fetch.

const TOKEN = "test-token-0123456789";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

type Json = Record<string, any>;

function client(server: () => SandboxServer) {
  return async function scim(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
    const headers: Record<string, string> = { Accept: "application/scim+json" };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/scim+json";
    const res = await fetch(server().url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  };
}

const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

function user(userName: string, extra: Json = {}): Json {
  return { schemas: [USER_SCHEMA], userName, active: true, ...extra };
}

function patch(...Operations: Json[]): Json {
  return { schemas: [PATCH_OP], Operations };
}

describe("sandbox SCIM server (in-memory store, over HTTP)", () => {
  let server: SandboxServer;
  const scim = client(() => server);

  beforeAll(async () => {
    server = await startSandboxServer({ token: TOKEN });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.store.clear());

  it("listens on loopback with a base URL ending in /scim/v2", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
  });

  it("answers 401 with a SCIM error without a token or with a wrong one", async () => {
    for (const token of [null, "wrong-token", TOKEN + "x", ""]) {
      const res = await scim("GET", "/Users", undefined, token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.headers.get("content-type")).toContain("application/scim+json");
      expect(res.body.schemas).toEqual([ERROR_SCHEMA]);
      expect(res.body.status).toBe("401");
    }
    const basic = await fetch(server.url + "/Users", { headers: { Authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    expect((await scim("GET", "/Users")).status).toBe(200);
  });

  it("creates a user: 201, Location, meta and the enterprise extension", async () => {
    const res = await scim(
      "POST",
      "/Users",
      user("Alice@Example.com", {
        schemas: [USER_SCHEMA, ENTERPRISE],
        displayName: "Alice Example",
        externalId: "alice",
        name: { givenName: "Alice", familyName: "Example" },
        emails: [{ type: "work", value: "alice@example.com", primary: true }],
        [ENTERPRISE]: { department: "Sales" },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toContain("application/scim+json");
    const id = res.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("location")).toBe(`${server.url}/Users/${id}`);
    expect(res.body.meta).toMatchObject({ resourceType: "User", location: `${server.url}/Users/${id}` });
    expect(Date.parse(res.body.meta.created)).not.toBeNaN();
    expect(res.body.schemas).toEqual(expect.arrayContaining([USER_SCHEMA, ENTERPRISE]));
    expect(res.body[ENTERPRISE]).toEqual({ department: "Sales" });
    expect(res.body.userName).toBe("Alice@Example.com");

    const got = await scim("GET", `/Users/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id,
      userName: "Alice@Example.com",
      displayName: "Alice Example",
      externalId: "alice",
      active: true,
    });
    expect(server.store.findUserByUserName("alice@example.com")?.id).toBe(id);
  });

  it("honours attributes and excludedAttributes on reads and writes", async () => {
    const created = await scim(
      "POST",
      "/Users?attributes=userName",
      user("attrs@example.com", { displayName: "Attrs", title: "T" }),
    );
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe("attrs@example.com");
    expect(created.body.displayName).toBeUndefined();
    expect(created.headers.get("location")).toBe(`${server.url}/Users/${created.body.id}`);
    const got = await scim("GET", `/Users/${created.body.id}?excludedAttributes=title,displayName`);
    expect(got.body).toMatchObject({ id: created.body.id, userName: "attrs@example.com" });
    expect(got.body.title).toBeUndefined();
    const list = await scim("GET", `/Users?attributes=displayName&${q('userName eq "attrs@example.com"')}`);
    expect(list.body.Resources[0]).toMatchObject({ id: created.body.id, displayName: "Attrs" });
    expect(list.body.Resources[0].title).toBeUndefined();
  });

  it("ignores a client-supplied id and accepts active as the strings True/False", async () => {
    const res = await scim("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "strings@example.com",
      id: "chosen-by-client",
      active: "False",
    });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe("chosen-by-client");
    expect(res.body.active).toBe(false);
  });

  it("refuses a duplicate userName in any letter case with 409 uniqueness", async () => {
    expect((await scim("POST", "/Users", user("bob@example.com"))).status).toBe(201);
    const dup = await scim("POST", "/Users", user("BOB@Example.COM"));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "409", scimType: "uniqueness" });
    expect(server.store.userCount).toBe(1);
  });

  it("refuses a user without userName and a body that is not JSON", async () => {
    const missing = await scim("POST", "/Users", { schemas: [USER_SCHEMA], displayName: "No name" });
    expect(missing.status).toBe(400);
    expect(missing.body.schemas).toEqual([ERROR_SCHEMA]);
    const broken = await scim("POST", "/Users", "{not json");
    expect(broken.status).toBe(400);
    expect(broken.body.scimType).toBe("invalidSyntax");
  });

  it("answers 404 SCIM errors for unknown ids and endpoints", async () => {
    for (const [method, path, body] of [
      ["GET", "/Users/does-not-exist", undefined],
      ["PUT", "/Users/does-not-exist", user("x@example.com")],
      ["PATCH", "/Users/does-not-exist", patch({ op: "replace", path: "displayName", value: "X" })],
      ["DELETE", "/Users/does-not-exist", undefined],
      ["GET", "/Groups/does-not-exist", undefined],
      ["GET", "/Nope", undefined],
    ] as const) {
      const res = await scim(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
      expect(typeof res.body.detail).toBe("string");
    }
  });

  it("filters with eq on userName case-insensitively, and on externalId exactly", async () => {
    const a = (
      await scim(
        "POST",
        "/Users",
        user("Carol.Jones@Example.com", { externalId: "CJones", displayName: "Carol Jones" }),
      )
    ).body;
    await scim("POST", "/Users", user("dave@example.com", { externalId: "dave", displayName: "Dave" }));

    for (const value of ["Carol.Jones@Example.com", "carol.jones@example.com", "CAROL.JONES@EXAMPLE.COM"]) {
      const res = await scim("GET", `/Users?${q(`userName eq "${value}"`)}`);
      expect(res.status).toBe(200);
      expect(res.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources[0].id).toBe(a.id);
    }
    expect((await scim("GET", `/Users?${q('userName eq "nobody@example.com"')}`)).body).toMatchObject({
      totalResults: 0,
      Resources: [],
    });
    expect((await scim("GET", `/Users?${q('externalId eq "CJones"')}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `/Users?${q('externalId eq "cjones"')}`)).body.totalResults).toBe(0); // externalId is caseExact
    expect((await scim("GET", `/Users?${q('displayName eq "carol jones"')}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `/Users?${q(`id eq "${a.id}"`)}`)).body.totalResults).toBe(1);
    // The filter keyword and attribute name are case-insensitive too.
    expect((await scim("GET", `/Users?${q('USERNAME EQ "dave@example.com"')}`)).body.totalResults).toBe(1);
  });

  it("supports the other standard filters: co, sw, ew, pr, and, or, not, value paths and the enterprise extension", async () => {
    await scim(
      "POST",
      "/Users",
      user("erin@sales.example.com", {
        schemas: [USER_SCHEMA, ENTERPRISE],
        displayName: "Erin",
        emails: [{ type: "work", value: "erin@sales.example.com" }],
        [ENTERPRISE]: { department: "Sales" },
      }),
    );
    await scim(
      "POST",
      "/Users",
      user("frank@eng.example.com", {
        schemas: [USER_SCHEMA, ENTERPRISE],
        displayName: "Frank",
        active: false,
        [ENTERPRISE]: { department: "Engineering" },
      }),
    );
    await scim("POST", "/Users", user("grace@eng.example.com", { displayName: "Grace", title: "CTO" }));
    const count = async (filter: string) => {
      const res = await scim("GET", `/Users?${q(filter)}`);
      expect(res.status, filter).toBe(200);
      return res.body.totalResults as number;
    };
    expect(await count('userName co "ENG.example"')).toBe(2);
    expect(await count('userName sw "erin"')).toBe(1);
    expect(await count('userName ew ".com"')).toBe(3);
    expect(await count("title pr")).toBe(1);
    expect(await count("active eq false")).toBe(1);
    expect(await count('active eq true and userName co "eng"')).toBe(1);
    expect(await count('displayName eq "Erin" or displayName eq "Grace"')).toBe(2);
    expect(await count('not (userName co "eng")')).toBe(1);
    expect(await count('emails[type eq "work" and value co "sales"]')).toBe(1);
    expect(await count(`${ENTERPRISE}:department eq "sales"`)).toBe(1);
    expect(await count('meta.created gt "2000-01-01T00:00:00Z"')).toBe(3);
    const bad = await scim("GET", `/Users?${q("userName eq")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe("invalidFilter");
  });

  it("pages with startIndex and count, reporting totalResults", async () => {
    for (let i = 1; i <= 25; i++)
      await server.store.seedUser({ userName: `page${String(i).padStart(2, "0")}@example.com` });
    const names = (res: { body: Json }) => (res.body.Resources as Json[]).map((r) => r.userName as string);

    const first = await scim("GET", "/Users?startIndex=1&count=10");
    expect(first.body).toMatchObject({ totalResults: 25, startIndex: 1, itemsPerPage: 10 });
    expect(names(first)[0]).toBe("page01@example.com");

    const second = await scim("GET", "/Users?startIndex=2&count=10");
    expect(second.body).toMatchObject({ totalResults: 25, startIndex: 2, itemsPerPage: 10 });
    expect(names(second)).toEqual(
      Array.from({ length: 10 }, (_, i) => `page${String(i + 2).padStart(2, "0")}@example.com`),
    );

    const last = await scim("GET", "/Users?startIndex=21&count=10");
    expect(last.body).toMatchObject({ totalResults: 25, startIndex: 21, itemsPerPage: 5 });
    expect(names(last)[4]).toBe("page25@example.com");

    const beyond = await scim("GET", "/Users?startIndex=100&count=10");
    expect(beyond.body).toMatchObject({ totalResults: 25, itemsPerPage: 0, Resources: [] });

    const zero = await scim("GET", "/Users?count=0");
    expect(zero.body).toMatchObject({ totalResults: 25, itemsPerPage: 0 });

    const filtered = await scim("GET", `/Users?${q('userName sw "page1"')}&startIndex=3&count=5`);
    expect(filtered.body).toMatchObject({ totalResults: 10, startIndex: 3, itemsPerPage: 5 });
    expect(names(filtered)[0]).toBe("page12@example.com");

    const all = await scim("GET", "/Users");
    expect(all.body.itemsPerPage).toBe(25);
    expect((await scim("GET", "/Users?count=abc")).status).toBe(400);
  });

  it("replaces a user with PUT, keeping id and created, and refuses a taken userName", async () => {
    const created = (
      await scim(
        "POST",
        "/Users",
        user("henry@example.com", { displayName: "Henry", title: "Engineer", externalId: "h" }),
      )
    ).body;
    await scim("POST", "/Users", user("taken@example.com"));
    const put = await scim(
      "PUT",
      `/Users/${created.id}`,
      user("Henry@example.com", { displayName: "Henry H", active: false }),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: created.id,
      userName: "Henry@example.com",
      displayName: "Henry H",
      active: false,
    });
    expect(put.body.title).toBeUndefined(); // PUT replaces: attributes left out are gone
    expect(put.body.meta.created).toBe(created.meta.created);
    const conflict = await scim("PUT", `/Users/${created.id}`, user("TAKEN@example.com"));
    expect(conflict.status).toBe(409);
    expect(conflict.body.scimType).toBe("uniqueness");
    expect((await scim("GET", `/Users?${q('externalId eq "h"')}`)).body.totalResults).toBe(0);
  });

  it("applies PATCH add/replace/remove in any letter case, with value paths and extension attributes", async () => {
    const created = (
      await scim(
        "POST",
        "/Users",
        user("ivy@example.com", {
          displayName: "Ivy",
          name: { givenName: "Ivy", familyName: "Green" },
          emails: [
            { type: "work", value: "ivy@example.com", primary: true },
            { type: "home", value: "ivy@home.example" },
          ],
        }),
      )
    ).body;
    const res = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch(
        { op: "Replace", path: "active", value: "False" },
        { op: "Add", value: { [`${ENTERPRISE}:department`]: "Finance", title: "Analyst" } },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "ivy.green@example.com" },
        { op: "Remove", path: "name.familyName" },
        { op: "REPLACE", value: { displayName: "Ivy G" } },
        { op: "remove", path: 'emails[type eq "home"]' },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      active: false,
      title: "Analyst",
      displayName: "Ivy G",
      [ENTERPRISE]: { department: "Finance" },
    });
    expect(res.body.name).toEqual({ givenName: "Ivy" });
    expect(res.body.emails).toEqual([{ type: "work", value: "ivy.green@example.com", primary: true }]);
    expect(Date.parse(res.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(created.meta.lastModified));

    const ext = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "replace", path: `${ENTERPRISE}:department`, value: "Audit" }),
    );
    expect(ext.body[ENTERPRISE]).toEqual({ department: "Audit" });
    expect((await scim("GET", `/Users?${q(`${ENTERPRISE}:department eq "audit"`)}`)).body.totalResults).toBe(1);

    const active = await scim("PATCH", `/Users/${created.id}`, patch({ op: "Replace", value: { active: "True" } }));
    expect(active.body.active).toBe(true);

    const bad = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "Frobnicate", path: "displayName", value: "x" }),
    );
    expect(bad.status).toBe(400);
    const noSchema = await scim("PATCH", `/Users/${created.id}`, {
      Operations: [{ op: "replace", path: "displayName", value: "x" }],
    });
    expect(noSchema.status).toBe(400);
  });

  it("creates a typed entry when an Add or Replace value path matches none (as Entra expects)", async () => {
    const created = (
      await scim("POST", "/Users", user("kim@example.com", { emails: [{ type: "home", value: "kim@home.example" }] }))
    ).body;
    const res = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch(
        { op: "Add", path: 'emails[type eq "work"].value', value: "kim@example.com" },
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" },
        { op: "Replace", path: 'addresses[type eq "work"].locality', value: "Seattle" },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.emails).toEqual(
      expect.arrayContaining([
        { type: "home", value: "kim@home.example" },
        { type: "work", value: "kim@example.com" },
      ]),
    );
    expect(res.body.phoneNumbers).toEqual([{ type: "mobile", value: "+1 555 0100" }]);
    expect(res.body.addresses).toEqual([{ type: "work", locality: "Seattle" }]);
    // Once the entry exists, the same paths update it in place rather than adding another.
    const again = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch(
        { op: "Replace", path: 'emails[type eq "work"].value', value: "kim2@example.com" },
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0199" },
      ),
    );
    expect(again.body.emails.filter((e: Json) => e.type === "work")).toEqual([
      { type: "work", value: "kim2@example.com" },
    ]);
    expect(again.body.phoneNumbers).toEqual([{ type: "mobile", value: "+1 555 0199" }]);
  });

  it("refuses a PATCH that renames a user onto a taken userName", async () => {
    await scim("POST", "/Users", user("jack@example.com"));
    const jill = (await scim("POST", "/Users", user("jill@example.com"))).body;
    const res = await scim(
      "PATCH",
      `/Users/${jill.id}`,
      patch({ op: "replace", path: "userName", value: "JACK@example.com" }),
    );
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe("uniqueness");
    const renamed = await scim(
      "PATCH",
      `/Users/${jill.id}`,
      patch({ op: "replace", path: "userName", value: "jill.new@example.com" }),
    );
    expect(renamed.status).toBe(200);
    expect((await scim("GET", `/Users?${q('userName eq "JILL.NEW@example.com"')}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `/Users?${q('userName eq "jill@example.com"')}`)).body.totalResults).toBe(0);
  });

  it("deletes with 204, then answers 404", async () => {
    const created = (await scim("POST", "/Users", user("kate@example.com"))).body;
    const del = await scim("DELETE", `/Users/${created.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expect((await scim("GET", `/Users/${created.id}`)).status).toBe(404);
    expect((await scim("DELETE", `/Users/${created.id}`)).status).toBe(404);
    // The userName is free again.
    expect((await scim("POST", "/Users", user("KATE@example.com"))).status).toBe(201);
  });

  it("keeps groups with members (value, display, type, $ref) and changes them by PATCH", async () => {
    const u1 = (await scim("POST", "/Users", user("liam@example.com", { displayName: "Liam" }))).body;
    const u2 = (await scim("POST", "/Users", user("mia@example.com", { displayName: "Mia" }))).body;
    const u3 = (await scim("POST", "/Users", user("noah@example.com"))).body;
    const created = await scim("POST", "/Groups", {
      schemas: [GROUP_SCHEMA],
      displayName: "Engineering",
      externalId: "grp-eng",
      members: [{ value: u1.id }],
    });
    expect(created.status).toBe(201);
    const g = created.body;
    expect(created.headers.get("location")).toBe(`${server.url}/Groups/${g.id}`);
    expect(g.members).toEqual([{ value: u1.id, display: "Liam", type: "User", $ref: `${server.url}/Users/${u1.id}` }]);

    const add = await scim(
      "PATCH",
      `/Groups/${g.id}`,
      patch({ op: "Add", path: "members", value: [{ value: u2.id }, { value: u3.id }, { value: u1.id }] }),
    );
    expect(add.status).toBe(204);
    let got = (await scim("GET", `/Groups/${g.id}`)).body;
    expect(got.members.map((m: Json) => m.value)).toEqual([u1.id, u2.id, u3.id]);
    expect(got.members[2].display).toBe("noah@example.com");

    expect(
      (await scim("PATCH", `/Groups/${g.id}`, patch({ op: "Remove", path: `members[value eq "${u1.id}"]` }))).status,
    ).toBe(204);
    expect(
      (await scim("PATCH", `/Groups/${g.id}`, patch({ op: "Remove", path: "members", value: [{ value: u3.id }] })))
        .status,
    ).toBe(204);
    got = (await scim("GET", `/Groups/${g.id}`)).body;
    expect(got.members.map((m: Json) => m.value)).toEqual([u2.id]);

    const unknown = await scim(
      "PATCH",
      `/Groups/${g.id}`,
      patch({ op: "Add", path: "members", value: [{ value: "no-such-user" }] }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe("invalidValue");

    // Other group PATCHes go through scimmy and answer with the group.
    const renamed = await scim(
      "PATCH",
      `/Groups/${g.id}`,
      patch(
        { op: "Replace", value: { displayName: "Platform" } },
        { op: "Add", path: "members", value: [{ value: u1.id }] },
      ),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe("Platform");
    expect(renamed.body.members.map((m: Json) => m.value).sort()).toEqual([u1.id, u2.id].sort());

    const replaceAll = await scim(
      "PATCH",
      `/Groups/${g.id}`,
      patch({ op: "replace", path: "members", value: [{ value: u3.id }] }),
    );
    expect(replaceAll.status).toBe(200);
    expect(replaceAll.body.members.map((m: Json) => m.value)).toEqual([u3.id]);

    const filtered = await scim("GET", `/Groups?${q('displayName eq "platform"')}&excludedAttributes=members`);
    expect(filtered.body.totalResults).toBe(1);
    expect(filtered.body.Resources[0].members).toBeUndefined();
    expect((await scim("GET", `/Groups?${q('externalId eq "grp-eng"')}`)).body.totalResults).toBe(1);

    // attributes/excludedAttributes shape the response only; they never drop members from the stored group.
    const quiet = await scim(
      "PATCH",
      `/Groups/${g.id}?excludedAttributes=members`,
      patch({ op: "replace", path: "displayName", value: "Platform" }),
    );
    expect(quiet.status).toBe(200);
    expect(quiet.body.members).toBeUndefined();
    expect(quiet.body.displayName).toBe("Platform");
    expect(server.store.groupMemberIds(g.id)).toEqual([u3.id]);
    const quietAdd = await scim(
      "PATCH",
      `/Groups/${g.id}?attributes=displayName`,
      patch({ op: "add", path: "members", value: [{ value: u1.id }] }),
    );
    expect(quietAdd.status).toBe(200);
    expect(quietAdd.body).toMatchObject({ id: g.id, displayName: "Platform" });
    expect(server.store.groupMemberIds(g.id)).toEqual([u3.id, u1.id]);
    await scim("PATCH", `/Groups/${g.id}`, patch({ op: "remove", path: `members[value eq "${u1.id}"]` }));

    // Deleting a user removes it from its groups.
    await scim("DELETE", `/Users/${u3.id}`);
    expect((await scim("GET", `/Groups/${g.id}`)).body.members).toBeUndefined();
    expect(server.store.groupMemberIds(g.id)).toEqual([]);

    const put = await scim("PUT", `/Groups/${g.id}`, {
      schemas: [GROUP_SCHEMA],
      displayName: "Platform",
      members: [{ value: u1.id }, { value: u2.id }],
    });
    expect(put.status).toBe(200);
    expect(put.body.members).toHaveLength(2);
    expect((await scim("DELETE", `/Groups/${g.id}`)).status).toBe(204);
    expect((await scim("GET", `/Groups/${g.id}`)).status).toBe(404);
  });

  it("serialises concurrent membership PATCHes so none is lost", async () => {
    const g = await server.store.seedGroup({ displayName: "Concurrent" });
    const users = await Promise.all(
      Array.from({ length: 30 }, (_, i) => server.store.seedUser({ userName: `c${i}@example.com` })),
    );
    const results = await Promise.all([
      ...users
        .slice(0, 15)
        .map((u) => scim("PATCH", `/Groups/${g.id}`, patch({ op: "Add", path: "members", value: [{ value: u.id }] }))),
      // Slow-path PATCHes (scimmy read-apply-write) interleaved with the fast ones.
      ...users
        .slice(15)
        .map((u) =>
          scim(
            "PATCH",
            `/Groups/${g.id}`,
            patch(
              { op: "add", path: "members", value: [{ value: u.id }] },
              { op: "replace", path: "displayName", value: "Concurrent" },
            ),
          ),
        ),
    ]);
    expect(results.every((r) => r.status === 200 || r.status === 204)).toBe(true);
    expect(server.store.groupMemberIds(g.id).sort()).toEqual(users.map((u) => u.id).sort());
  });

  it("serves ServiceProviderConfig, Schemas and ResourceTypes", async () => {
    const spc = await scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      sort: { supported: false },
      etag: { supported: false },
      changePassword: { supported: false },
    });
    expect(spc.body.authenticationSchemes[0].type).toBe("oauthbearertoken");
    expect(spc.body.meta.location).toBe(`${server.url}/ServiceProviderConfig`);

    const schemas = await scim("GET", "/Schemas");
    const ids = (schemas.body.Resources as Json[]).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE]));
    const userSchema = await scim("GET", `/Schemas/${USER_SCHEMA}`);
    expect(userSchema.body.attributes.find((a: Json) => a.name === "userName")).toMatchObject({
      caseExact: false,
      uniqueness: "server",
    });

    const types = await scim("GET", "/ResourceTypes");
    const userType = (types.body.Resources as Json[]).find((r) => r.id === "User")!;
    expect(userType).toMatchObject({
      endpoint: "/Users",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    expect(userType.meta.location).toBe(`${server.url}/ResourceTypes/User`);
    expect((await scim("GET", "/ResourceTypes/Group")).body).toMatchObject({ endpoint: "/Groups" });
    expect((await scim("GET", "/ResourceTypes/Nope")).status).toBe(404);

    expect(
      (await scim("POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [] }))
        .status,
    ).toBe(501);
    expect((await scim("DELETE", "/Users")).status).toBe(405);
  });

  it("supports POST /.search", async () => {
    await server.store.seedUser({ userName: "search.me@example.com" });
    const res = await scim("POST", "/Users/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter: 'userName eq "SEARCH.ME@example.com"',
      startIndex: 1,
      count: 10,
    });
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
  });

  it("seeds and lists through the store helpers", async () => {
    const u = await server.store.seedUser({ userName: "seeded@example.com", displayName: "Seeded" });
    const g = await server.store.seedGroup({ displayName: "Seeded group", members: [{ value: u.id }] });
    expect(server.store.listUsers().map((x) => x.userName)).toEqual(["seeded@example.com"]);
    expect(server.store.listGroups()[0]).toMatchObject({
      id: g.id,
      displayName: "Seeded group",
      members: [{ value: u.id, type: "User" }],
    });
    expect(server.store.findGroupsByDisplayName("SEEDED GROUP")).toHaveLength(1);
    await expect(server.store.seedUser({ userName: "SEEDED@example.com" })).rejects.toThrow(/409/);
  });
});

describe("sandbox SCIM server options", () => {
  it("answers 429 with Retry-After above the rate limit, and counts throttled requests", async () => {
    const server = await startSandboxServer({ token: TOKEN, rateLimitPerSecond: 5 });
    try {
      const scim = client(() => server);
      const results = await Promise.all(Array.from({ length: 30 }, () => scim("GET", "/Users")));
      const throttled = results.filter((r) => r.status === 429);
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
      expect(throttled.length).toBeGreaterThanOrEqual(5);
      expect(Number(throttled[0].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(throttled[0].body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "429" });
      expect(server.stats.throttled).toBe(throttled.length);
      expect(server.stats.requests).toBe(30);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await scim("GET", "/Users")).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("answers 405 to PATCH on users when disableUserPatch is set, and still takes PUT and group PATCH", async () => {
    const server = await startSandboxServer({ token: TOKEN, disableUserPatch: true });
    try {
      const scim = client(() => server);
      const u = (await scim("POST", "/Users", user("put.only@example.com"))).body;
      const res = await scim("PATCH", `/Users/${u.id}`, patch({ op: "replace", path: "active", value: false }));
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toContain("PUT");
      expect(res.body.schemas).toEqual([ERROR_SCHEMA]);
      expect((await scim("PUT", `/Users/${u.id}`, user("put.only@example.com", { active: false }))).body.active).toBe(
        false,
      );
      const g = await server.store.seedGroup({ displayName: "G" });
      expect(
        (await scim("PATCH", `/Groups/${g.id}`, patch({ op: "add", path: "members", value: [{ value: u.id }] })))
          .status,
      ).toBe(204);
    } finally {
      await server.close();
    }
  });

  it("lets beforeRequest inject faults and delays", async () => {
    let failNextCreate = true;
    const seen: string[] = [];
    const server = await startSandboxServer({
      token: TOKEN,
      beforeRequest: ({ method, path, body }) => {
        seen.push(`${method} ${path}`);
        if (method === "POST" && path === "/Users" && failNextCreate) {
          failNextCreate = false;
          expect((body as Json).userName).toBe("fault@example.com");
          return { status: 500, body: JSON.stringify({ schemas: [ERROR_SCHEMA], status: "500", detail: "injected" }) };
        }
        if (path === "/Groups") return { delayMs: 150 };
        return undefined;
      },
    });
    try {
      const scim = client(() => server);
      const failed = await scim("POST", "/Users", user("fault@example.com"));
      expect(failed.status).toBe(500);
      expect(failed.body.detail).toBe("injected");
      expect(server.store.userCount).toBe(0);
      expect((await scim("POST", "/Users", user("fault@example.com"))).status).toBe(201);
      const started = performance.now();
      expect((await scim("GET", "/Groups")).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(seen).toEqual(["POST /Users", "POST /Users", "GET /Groups"]);
      expect(server.stats.requests).toBe(3);
    } finally {
      await server.close();
    }
  });
});

describe("sandbox SCIM server at scale", () => {
  it("finds one user among 20,000 by userName and fills a 20,000-member group in batches quickly", async () => {
    const server = await startSandboxServer({ token: TOKEN });
    try {
      const scim = client(() => server);
      const now = new Date().toISOString();
      const ids: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        const id = `u-${i}`;
        ids.push(id);
        server.store.insertSync("User", {
          id,
          schemas: [USER_SCHEMA],
          userName: `bulk${i}@example.com`,
          meta: { resourceType: "User", created: now, lastModified: now },
        });
      }
      const started = performance.now();
      for (const i of [0, 12_345, 19_999]) {
        const res = await scim("GET", `/Users?${q(`userName eq "BULK${i}@EXAMPLE.COM"`)}`);
        expect(res.body.Resources.map((r: Json) => r.id)).toEqual([`u-${i}`]);
      }
      const g = await server.store.seedGroup({ displayName: "Everyone" });
      for (let i = 0; i < ids.length; i += 500) {
        const res = await scim(
          "PATCH",
          `/Groups/${g.id}`,
          patch({ op: "Add", path: "members", value: ids.slice(i, i + 500).map((value) => ({ value })) }),
        );
        expect(res.status).toBe(204);
      }
      expect(server.store.groupMemberIds(g.id)).toHaveLength(20_000);
      // Generous bound for a loaded 2-core machine; before the membership fast path this took minutes.
      expect(performance.now() - started).toBeLessThan(20_000);
      const page = await scim("GET", "/Users?startIndex=19991&count=100");
      expect(page.body).toMatchObject({ totalResults: 20_000, itemsPerPage: 10 });
    } finally {
      await server.close();
    }
  }, 60_000);
});
