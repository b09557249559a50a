import { describe, expect, it } from "vitest";
import { expectedFailure } from "../action-result";
import { firstAdminFormSchema } from "./admin-user-schemas";

const errorsOf = (input: unknown) => {
  const r = firstAdminFormSchema.safeParse(input);
  return r.success ? {} : (expectedFailure(r.error)?.fieldErrors ?? {});
};

describe("firstAdminFormSchema", () => {
  it("reports a short password and differing passwords together", () => {
    expect(errorsOf({ username: "ada", password: "short", confirmPassword: "other" })).toEqual({
      password: "Use at least 12 characters.",
      confirmPassword: "The two passwords differ.",
    });
  });

  it("reports a bad username beside the password problems", () => {
    expect(errorsOf({ username: "ada lovelace", password: "short", confirmPassword: "other" })).toEqual({
      username: "Use letters, digits and . _ @ + - only (no spaces).",
      password: "Use at least 12 characters.",
      confirmPassword: "The two passwords differ.",
    });
  });

  it("reports only what is wrong", () => {
    expect(errorsOf({ username: "ada", password: "short", confirmPassword: "short" })).toEqual({
      password: "Use at least 12 characters.",
    });
    expect(errorsOf({ username: "ada", password: "a long passphrase", confirmPassword: "a long passphrasf" })).toEqual({
      confirmPassword: "The two passwords differ.",
    });
    expect(errorsOf({ username: "ada", password: "a long passphrase", confirmPassword: "a long passphrase" })).toEqual(
      {},
    );
  });
});
