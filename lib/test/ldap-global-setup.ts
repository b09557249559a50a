/**
 * Vitest global setup: one throwaway slapd for the run (scripts/start-test-slapd.ts), stopped at the end. The
 * LDAP tests each seed a branch of their own under its suffix. When slapd cannot be started (not installed
 * and not root), the other tests still run and the LDAP tests fail with the reason.
 */
import type { TestProject } from "vitest/node";
import { startTestSlapd, type TestSlapd } from "../../scripts/start-test-slapd";

export type TestLdapInfo = Omit<TestSlapd, "stop" | "dir">;

declare module "vitest" {
  export interface ProvidedContext {
    ldap: TestLdapInfo | { error: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  let slapd: TestSlapd | null = null;
  try {
    slapd = await startTestSlapd();
    const { stop: _stop, dir: _dir, ...info } = slapd;
    project.provide("ldap", info);
  } catch (e) {
    project.provide("ldap", { error: e instanceof Error ? e.message : String(e) });
  }
  return () => slapd?.stop();
}
