/**
 * An LDAP sync process (see ldap-sync-process.ts): runs one sync of a source and prints its summary as one line.
 *
 *   node --import tsx lib/sources/ldap/ldap-sync-child.ts <sourceId> [--full|--delta]
 */
import { isAppError } from "../../errors";
import { ERROR_PREFIX, printAndExit, RESULT_PREFIX } from "../../jobs/cycle-process";
import { LDAP_RUN_PREFIX } from "./ldap-sync-process";
import { runLdapSync, type LdapSyncSummary } from "./run-ldap-sync";

async function main(): Promise<LdapSyncSummary> {
  const [sourceId, ...flags] = process.argv.slice(2);
  if (!sourceId || flags.length > 1 || flags.some((f) => f !== "--full" && f !== "--delta"))
    throw new Error("Usage: ldap-sync-child.ts <sourceId> [--full|--delta]");
  // The parent went away (its end of stdin closed): stop; the run's lease expires and the next run reads again.
  process.stdin.on("end", () => process.exit(3));
  process.stdin.resume();
  const mode = flags[0] === "--full" ? "Full" : flags[0] === "--delta" ? "Delta" : undefined;
  // The parent learns which run is this process's, so it fails that run (and no other) if this one stops.
  return runLdapSync(sourceId, { mode, onStarted: (runId) => console.log(LDAP_RUN_PREFIX + runId) });
}

main().then(
  (summary) => printAndExit(0, RESULT_PREFIX + JSON.stringify(summary)),
  (e) => {
    const message = e instanceof Error ? e.message : String(e);
    const line = ERROR_PREFIX + JSON.stringify({ code: isAppError(e) ? e.code : undefined, message });
    printAndExit(1, line, isAppError(e) ? undefined : e instanceof Error ? (e.stack ?? message) : message);
  },
);
