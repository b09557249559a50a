import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { applyDirectoryImport, ImportRowsError } from "./apply-directory-import";
import { MAX_IMPORT_BYTES, type ImportOutcome, type ParsedImport } from "./import-types";
import { parseEntraCsv } from "./parse-entra-csv";
import { parseGraphJson } from "./parse-graph-json";

export const importDirectoryFileInput = z.object({
  fileName: z.string().trim().max(255).default(""),
  text: z.string(),
});

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Tells Microsoft Graph JSON from Entra's bulk-create CSV by the content, using the file name only as a hint. */
function parseByContent(fileName: string, text: string): ParsedImport {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start === "") throw new AppError("import.empty", "The file is empty: there is nothing to import.");
  if (start.startsWith("{") || start.startsWith("[")) return parseGraphJson(start);
  if (fileName.toLowerCase().endsWith(".json")) return parseGraphJson(start);
  return parseEntraCsv(text);
}

/**
 * Imports users and groups from one file, all or nothing: either every row is saved, in one transaction with
 * its directory changes, or nothing is and the outcome lists each bad row. Problems with the file as a whole
 * (not JSON, not CSV, too large) are AppErrors.
 */
export async function importDirectoryFile(input: z.input<typeof importDirectoryFileInput>): Promise<ImportOutcome> {
  const { fileName, text } = importDirectoryFileInput.parse(input);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_IMPORT_BYTES) {
    throw new AppError(
      "import.too_large",
      `The file is ${formatSize(bytes)}; the largest file Provisio imports is ${formatSize(MAX_IMPORT_BYTES)}. Split it into smaller files.`,
    );
  }
  const parsed = parseByContent(fileName, text);
  const rowLabel = parsed.format === "graph-json" ? "Item" : "Row";
  const invalid = (errors: ParsedImport["errors"]): ImportOutcome => ({
    status: "invalid",
    format: parsed.format,
    description: parsed.description,
    rowLabel,
    errors: [...errors].sort((a, b) => a.row - b.row),
    notes: parsed.notes,
  });
  try {
    const applied = await prisma.$transaction((tx) => applyDirectoryImport(tx, parsed), {
      timeout: 120_000,
      maxWait: 10_000,
    });
    const notes = [...parsed.notes];
    if (applied.deletedMatched > 0) {
      notes.push(
        `${applied.deletedMatched} matching user${applied.deletedMatched === 1 ? " is" : "s are"} in Deleted users; updated, but left deleted.`,
      );
    }
    return {
      status: "imported",
      format: parsed.format,
      description: parsed.description,
      users: applied.users,
      groups: applied.groups,
      membershipChanges: applied.membershipChanges,
      notes,
    };
  } catch (e) {
    if (e instanceof ImportRowsError) return invalid(e.errors);
    // Checked beforehand; only user principal names swapped between two users within one file get here.
    if (e instanceof Error && /UNIQUE constraint failed/i.test(e.message)) {
      throw new AppError(
        "import.upn_conflict",
        "Two users in this file take each other's user principal names. Nothing was imported; change one of them in a separate import first.",
      );
    }
    throw e;
  }
}
