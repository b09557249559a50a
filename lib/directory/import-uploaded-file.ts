import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "../errors";
import { whileLongWriteRuns } from "../db/long-write";
import { runImportInChildProcess } from "./import-process";
import type { ImportOutcome } from "./import-types";

const state = globalThis as unknown as { provisioImportRunning?: boolean };

/**
 * The Bulk import page's import: the file goes to a private temporary file (mode 0600, removed afterwards)
 * and is imported in a process of its own (runImportInChildProcess), so the server keeps answering. One
 * import at a time: a second would wait for the first one's write lock and could time out half-way.
 */
export async function importUploadedFile(input: {
  fileName: string;
  text: string;
  actor: string;
}): Promise<ImportOutcome> {
  if (state.provisioImportRunning) {
    throw new AppError(
      "import.busy",
      "Another bulk import is running on this server. Nothing was imported: try again when it has finished.",
    );
  }
  state.provisioImportRunning = true;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "provisio-import-"));
  try {
    const filePath = path.join(dir, "upload");
    await fs.writeFile(filePath, input.text, { encoding: "utf8", mode: 0o600 });
    return await whileLongWriteRuns(() =>
      runImportInChildProcess({ fileName: input.fileName, filePath, actor: input.actor }),
    );
  } finally {
    state.provisioImportRunning = false;
    await fs.rm(dir, { recursive: true, force: true });
  }
}
