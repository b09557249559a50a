"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { AppError } from "@/lib/errors";
import { importDirectoryFile } from "@/lib/directory/import-directory-file";
import { MAX_IMPORT_BYTES, type ImportOutcome } from "@/lib/directory/import-types";

export async function importDirectoryFileAction(formData: FormData): Promise<ActionResult<ImportOutcome>> {
  const result = await adminAction(async () => {
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
    return importDirectoryFile({ fileName: file.name, text: await file.text() });
  });
  if (result.ok && result.data.status === "imported") {
    revalidatePath("/directory", "layout");
    revalidatePath("/");
  }
  return result;
}
