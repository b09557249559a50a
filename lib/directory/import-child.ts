/**
 * A bulk import's process (see import-process.ts): imports one file and prints the outcome as one line.
 *
 *   node --max-old-space-size=512 --import tsx lib/directory/import-child.ts <file> <file name> <actor>
 */
import fs from "node:fs";
import { isAppError } from "../errors";
import { printAndExit } from "../jobs/cycle-process";
import { importDirectoryFile } from "./import-directory-file";
import { IMPORT_ERROR_PREFIX, IMPORT_PEAK_PREFIX, IMPORT_RESULT_PREFIX, listedErrors } from "./import-process";

/** This process's peak RSS in MB (Linux's VmHWM; getrusage's maxRSS would report the parent's at the fork). */
function peakRssMb(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function main() {
  const [file, fileName, actor] = process.argv.slice(2);
  // The actor is who asked for the import (the audit trail's "who"): the parent always passes it.
  if (!file || !actor) throw new Error("Usage: import-child.ts <file> <file name> <actor>");
  // The server went away (its end of stdin closed): stop; the transaction is rolled back with the connection.
  process.stdin.on("end", () => process.exit(3));
  process.stdin.resume();
  return listedErrors(
    await importDirectoryFile({ fileName: fileName ?? "", text: fs.readFileSync(file, "utf8") }, { actor }),
  );
}

main().then(
  (outcome) => {
    process.stdout.write(`${IMPORT_PEAK_PREFIX}${peakRssMb() ?? ""}\n`);
    printAndExit(0, IMPORT_RESULT_PREFIX + JSON.stringify(outcome));
  },
  (e) => {
    const message = e instanceof Error ? e.message : String(e);
    const line = IMPORT_ERROR_PREFIX + JSON.stringify({ code: isAppError(e) ? e.code : undefined, message });
    printAndExit(1, line, isAppError(e) ? undefined : e instanceof Error ? (e.stack ?? message) : message);
  },
);
