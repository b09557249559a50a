import type { UserAttributes, GroupAttributes } from "./directory-schemas";

/** Largest file an import accepts. Entra's own bulk operations stop at 50,000 rows; 20 MB holds far more. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportFormat = "graph-json" | "entra-csv";

/** One problem in one row (CSV: spreadsheet row, counting the version and header lines; JSON: item in `value`, from 1). */
export type ImportRowError = { row: number; field: string; message: string };

/** A user read from a file: only the attributes the file gives (null clears, absent keeps). */
export type ImportedUser = {
  row: number;
  /** objectId from the file (Graph `id`); absent for CSV. */
  id?: string;
  attributes: Partial<UserAttributes>;
};

export type ImportedGroup = {
  row: number;
  id?: string;
  attributes: Partial<GroupAttributes>;
  /** Member user ids as given in the file; absent means "leave the members as they are". */
  memberIds?: { index: number; id: string }[];
};

export type ParsedImport = {
  format: ImportFormat;
  /** What the file holds, in words: "Microsoft Graph JSON: 12 users". */
  description: string;
  users: ImportedUser[];
  groups: ImportedGroup[];
  errors: ImportRowError[];
  notes: string[];
  /** Ids of user items that had errors, so members pointing at them are not reported a second time. */
  invalidUserIds?: string[];
};

export type ImportCounts = { created: number; updated: number; unchanged: number };

export type ImportOutcome =
  | {
      status: "imported";
      format: ImportFormat;
      description: string;
      users: ImportCounts;
      groups: ImportCounts;
      /** Groups whose member list changed. */
      membershipChanges: number;
      notes: string[];
    }
  | {
      status: "invalid";
      format: ImportFormat;
      description: string;
      rowLabel: "Row" | "Item";
      errors: ImportRowError[];
      notes: string[];
    };

export type { UserAttributes, GroupAttributes };
