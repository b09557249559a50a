import { z } from "zod";
import { isUniqueConstraintError } from "../db/prisma-errors";
import { AppError } from "../errors";
import { applyDirectoryImport, ImportRowsError, type AppliedImport } from "./apply-directory-import";
import { sql } from "../db/sql/sql";
import { withImportTransaction, type ImportDb } from "./import-database";
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

/** One audit entry for the whole import, with its counts, in the import's own transaction. */
async function recordImportAudit(
  db: ImportDb,
  o: { actor: string; fileName: string; parsed: ParsedImport; applied: AppliedImport },
) {
  const details = {
    fileName: o.fileName,
    format: o.parsed.format,
    users: o.applied.users,
    groups: o.applied.groups,
    membershipChanges: o.applied.membershipChanges,
  };
  await db.run(
    sql`INSERT INTO "AuditEvent" ("at", "actor", "applicationId", "action", "details") VALUES (${new Date()}, ${o.actor}, NULL, ${"directory.imported"}, ${JSON.stringify(details)})`,
  );
}

/**
 * Imports users and groups from one file, all or nothing: either every row is saved, in one transaction with
 * its directory changes, or nothing is and the outcome lists each bad row. Problems with the file as a whole
 * (not JSON, not CSV, too large) are AppErrors.
 */
export async function importDirectoryFile(
  input: z.input<typeof importDirectoryFileInput>,
  opts: { via?: "sqlite" | "prisma"; actor: string },
): Promise<ImportOutcome> {
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
    const applied = await withImportTransaction(
      async (db) => {
        const result = await applyDirectoryImport(db, parsed);
        await recordImportAudit(db, { actor: opts.actor, fileName, parsed, applied: result });
        return result;
      },
      { via: opts.via },
    );
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
    if (isUniqueConstraintError(e)) {
      throw new AppError(
        "import.upn_conflict",
        "Two users in this file take each other's user principal names. Nothing was imported; change one of them in a separate import first.",
      );
    }
    throw e;
  }
}
