import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { createGroup } from "./create-group";
import { findGroupByReference } from "./find-group-by-reference";

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );

describe("findGroupByReference", () => {
  it("finds a group by id, or by a name only one group has", async () => {
    const { id } = await createGroup({ displayName: "Payroll Unique", mailNickname: "payroll-unique" }, "test");
    expect(await findGroupByReference(id)).toEqual({ id, displayName: "Payroll Unique" });
    expect(await findGroupByReference("Payroll Unique")).toEqual({ id, displayName: "Payroll Unique" });
    expect(await codeOf(findGroupByReference("No Such Group"))).toBe("directory.group_not_found");
  });

  it("refuses a name that several groups share, naming their ids", async () => {
    const a = await createGroup({ displayName: "Twins", mailNickname: "twins-a" }, "test");
    const b = await createGroup({ displayName: "Twins", mailNickname: "twins-b" }, "test");
    await expect(findGroupByReference("Twins")).rejects.toThrow(/Several groups are named "Twins"/);
    const message = await findGroupByReference("Twins").catch((e: Error) => e.message);
    expect(message).toContain(a.id);
    expect(message).toContain(b.id);
    expect(await codeOf(findGroupByReference("Twins"))).toBe("directory.group_ambiguous");
    // Either one is still reachable by its id.
    expect((await findGroupByReference(b.id)).id).toBe(b.id);
  });
});
