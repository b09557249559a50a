import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { env } from "../env";
import { AppError, isAppErrorCode } from "../errors";
import type { ImportOutcome } from "./import-types";

export const IMPORT_RESULT_PREFIX = "PROVISIO_IMPORT_RESULT ";
export const IMPORT_ERROR_PREFIX = "PROVISIO_IMPORT_ERROR ";
export const IMPORT_PEAK_PREFIX = "PROVISIO_IMPORT_PEAK_RSS_MB ";
/** Row errors listed in an outcome; a file with more gets a note with the count instead of a huge answer. */
const LISTED_ERRORS = 1_000;
/** A 20 MB file imports in well under a minute; an import process still running after this is stuck. */
const IMPORT_TIME_LIMIT_MS = 10 * 60_000;

/** The outcome with at most 1,000 row errors listed (the page shows them in a table). */
export function listedErrors(outcome: ImportOutcome): ImportOutcome {
  if (outcome.status !== "invalid" || outcome.errors.length <= LISTED_ERRORS) return outcome;
  const more = outcome.errors.length - LISTED_ERRORS;
  return {
    ...outcome,
    errors: outcome.errors.slice(0, LISTED_ERRORS),
    notes: [
      ...outcome.notes,
      `${outcome.errors.length.toLocaleString("en-US")} problems in all: the first ${LISTED_ERRORS.toLocaleString("en-US")} are listed, ${more.toLocaleString("en-US")} more are not.`,
    ],
  };
}

/**
 * Imports a file in a process of its own and returns the outcome, as importDirectoryFile does in-process.
 * Reading, checking and writing 100,000 users is seconds of CPU and hundreds of MB: in the web server it
 * stopped every other request (health checks timed out for 30 s) and grew the server's memory. The child
 * has its own heap (PROVISIO_IMPORT_HEAP_MB) and its own database connection; it stops when this process
 * goes away (its stdin closes), and its transaction, not yet committed, saves nothing.
 */
export function runImportInChildProcess(input: {
  fileName: string;
  filePath: string;
  actor: string;
}): Promise<ImportOutcome> {
  const entry = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "directory", "import-child.ts");
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${env().PROVISIO_IMPORT_HEAP_MB}`,
      "--import",
      "tsx",
      entry,
      input.filePath,
      input.fileName,
      input.actor,
    ],
    { cwd: process.cwd(), env: process.env, stdio: ["pipe", "pipe", "pipe"] },
  );
  // Background work: on a busy machine the server's requests go first (niceness 10, as `nice` gives).
  try {
    if (child.pid) os.setPriority(child.pid, 10);
  } catch {
    /* not permitted here: the import runs at the server's priority */
  }
  const started = Date.now();
  let result: ImportOutcome | null = null;
  let failure: { code?: string; message: string } | null = null;
  let peakMb = "";
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith(IMPORT_RESULT_PREFIX)) result = JSON.parse(line.slice(IMPORT_RESULT_PREFIX.length));
    else if (line.startsWith(IMPORT_ERROR_PREFIX)) failure = JSON.parse(line.slice(IMPORT_ERROR_PREFIX.length));
    else if (line.startsWith(IMPORT_PEAK_PREFIX)) peakMb = line.slice(IMPORT_PEAK_PREFIX.length);
  });
  // Never a row of the file: the child prints only its own failures (a stack), no directory data.
  let lastErrorLines: string[] = [];
  let outOfMemory = false;
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    lastErrorLines = [...lastErrorLines.slice(-4), line];
    if (/heap out of memory|Reached heap limit/i.test(line)) outOfMemory = true;
    console.error("[import]", line);
  });
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, IMPORT_TIME_LIMIT_MS);
  return new Promise<ImportOutcome>((resolve, reject) => {
    child.once("close", () => clearTimeout(limit));
    child.once("error", (e) => reject(new AppError("import.process", `The import could not start: ${e.message}`)));
    child.once("close", (code, signal) => {
      const f = failure as { code?: string; message: string } | null;
      if (result && code === 0) {
        const r = result as ImportOutcome;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`[import] ${r.status} in ${seconds} s${peakMb ? `, peak memory ${peakMb} MB` : ""}`);
        return resolve(r);
      }
      if (f) {
        // The child's AppError keeps its code; anything else is the import's own failure.
        return reject(
          f.code && isAppErrorCode(f.code) ? new AppError(f.code, f.message) : new AppError("import.failed", f.message),
        );
      }
      if (outOfMemory) {
        return reject(
          new AppError(
            "import.out_of_memory",
            `The import ran out of memory (its process may use ${env().PROVISIO_IMPORT_HEAP_MB} MB). Nothing was imported: split the file, or raise PROVISIO_IMPORT_HEAP_MB.`,
          ),
        );
      }
      if (timedOut) {
        return reject(
          new AppError(
            "import.timeout",
            "The import did not finish within 10 minutes and was stopped. Nothing was imported.",
          ),
        );
      }
      const how = signal ? `was stopped (${signal})` : `exited with code ${code}`;
      const tail = lastErrorLines.join(" ").slice(-300);
      reject(
        new AppError("import.process", `The import process ${how}; nothing was imported.${tail ? ` ${tail}` : ""}`),
      );
    });
  });
}
