import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { APP_ERROR_STATUS, AppError, errorStatus, isAppErrorCode, type AppErrorCode } from "./errors";
import { ScimError, type ScimErrorKind } from "./scim/scim-error";

const codes = Object.keys(APP_ERROR_STATUS) as AppErrorCode[];

/** Every code written as a string literal after `new AppError(` in the source, tests and app included. */
function codesInSource(): Set<string> {
  const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx"], { cwd: process.cwd(), encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  const found = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/new AppError\(\s*"([^"]+)"/g)) found.add(m[1]!);
  }
  return found;
}

describe("error codes", () => {
  it("are all area.reason in lower snake case", () => {
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/);
  });

  it("each have an error status (4xx or 5xx)", () => {
    for (const code of codes) {
      const status = APP_ERROR_STATUS[code];
      expect(Number.isInteger(status), code).toBe(true);
      expect(status >= 400 && status <= 599, `${code}: ${status}`).toBe(true);
    }
  });

  it("follow the rules of thumb: not_found is 404 or 422, rate limits 429, invalid input 400", () => {
    for (const code of codes) {
      const status = APP_ERROR_STATUS[code];
      if (code.endsWith(".not_found")) expect([404, 422, 502], code).toContain(status);
      if (code.endsWith(".rate_limited") && !code.startsWith("scim.")) expect(status, code).toBe(429);
      // Invalid input is 400, except wrong sign-in credentials (401).
      if (/\.(invalid|invalid_.+|.+_invalid)$/.test(code) && code !== "sign_in.invalid") expect(status, code).toBe(400);
      if (code.endsWith(".too_large")) expect(status, code).toBe(413);
    }
    expect(APP_ERROR_STATUS["sign_in.rate_limited"]).toBe(429);
    expect(APP_ERROR_STATUS["sign_in.invalid"]).toBe(401);
    expect(APP_ERROR_STATUS["auth.signed_out"]).toBe(401);
    expect(APP_ERROR_STATUS["auth.forbidden"]).toBe(403);
    expect(APP_ERROR_STATUS["application.not_found"]).toBe(404);
    expect(APP_ERROR_STATUS["assignment.duplicate"]).toBe(409);
  });

  it("cover every code thrown in the source, and no code is unused", () => {
    const thrown = codesInSource();
    for (const code of thrown) expect(isAppErrorCode(code), code).toBe(true);
    // ScimError builds its codes from its kinds; cycle.failed is the fallback for a cycle process's line.
    const indirect = new Set<string>(["cycle.failed"]);
    for (const code of codes) {
      if (code.startsWith("scim.") && !thrown.has(code)) indirect.add(code);
    }
    for (const code of codes) expect(thrown.has(code) || indirect.has(code), `${code} is never thrown`).toBe(true);
  });

  it("give every SCIM error kind a code of its own, answered as the target's failure (5xx)", () => {
    const kinds: ScimErrorKind[] = [
      "transient",
      "rateLimited",
      "unauthorized",
      "forbidden",
      "conflict",
      "notFound",
      "badRequest",
      "protocol",
      "methodNotAllowed",
    ];
    const seen = new Set<string>();
    for (const kind of kinds) {
      const e = new ScimError({ kind, message: "m" });
      expect(isAppErrorCode(e.code), kind).toBe(true);
      expect(errorStatus(e), kind).toBeGreaterThanOrEqual(500);
      seen.add(e.code);
    }
    expect(seen.size).toBe(kinds.length);
  });
});

describe("errorStatus", () => {
  it("answers an AppError with its code's status, invalid input with 400 and anything else with 500", () => {
    expect(errorStatus(new AppError("job.not_found", "m"))).toBe(404);
    expect(errorStatus(new AppError("sign_in.rate_limited", "m"))).toBe(429);
    expect(errorStatus(z.string().safeParse(1).error)).toBe(400);
    expect(errorStatus(new Error("boom"))).toBe(500);
    expect(errorStatus("thrown string")).toBe(500);
    expect(errorStatus(undefined)).toBe(500);
  });

  it("isAppErrorCode accepts only listed codes (not inherited keys)", () => {
    expect(isAppErrorCode("job.not_found")).toBe(true);
    expect(isAppErrorCode("not_found")).toBe(false);
    expect(isAppErrorCode("toString")).toBe(false);
    expect(isAppErrorCode(404)).toBe(false);
  });
});
