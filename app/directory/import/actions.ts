"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { AppError } from "@/lib/errors";
import { decodeImportFile } from "@/lib/directory/decode-import-file";
import { importUploadedFile } from "@/lib/directory/import-uploaded-file";
import { MAX_IMPORT_BYTES, type ImportOutcome } from "@/lib/directory/import-types";

export async function importDirectoryFileAction(formData: FormData): Promise<ActionResult<ImportOutcome>> {
  const result = await adminAction(async (actor) => {
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0)
      throw new AppError(
        "import.no_file",
        "Choose a file to import: Microsoft Graph JSON (.json) or Entra's bulk-create CSV (.csv).",
        { file: "Choose a file" },
      );
    if (file.size > MAX_IMPORT_BYTES)
      throw new AppError("import.too_large", "The file is larger than 20 MB. Split it into smaller files.", {
        file: "At most 20 MB",
      });
    // BOM/UTF-16 aware; a file that is not UTF-8 is refused with the line and byte (decode-import-file.ts).
    const text = decodeImportFile(new Uint8Array(await file.arrayBuffer()));
    return importUploadedFile({ fileName: file.name, text, actor });
  });
  if (result.ok && result.data.status === "imported") {
    revalidatePath("/directory", "layout");
    revalidatePath("/");
  }
  return result;
}
