import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ReadOnlyNote } from "@/components/ui/read-only";
import type { EditorNotice } from "./use-editor-draft";

/**
 * The top of the mapping and scoping editors: the way back to Provisioning, the title, and Save and Discard
 * changes (for Readers, a read-only note instead). Edits stay on the page until Save.
 */
export function EditorHeader({
  applicationId,
  title,
  description,
  readOnly,
  readOnlyNote,
  canSave,
  pending,
  onSave,
  onDiscard,
}: {
  applicationId: string;
  title: ReactNode;
  description: ReactNode;
  readOnly: boolean;
  readOnlyNote: string;
  /** The page has hydrated and the draft differs from the saved configuration. */
  canSave: boolean;
  pending: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div>
        <Link href={`/applications/${applicationId}/provisioning`} className="text-sm text-blue-700 hover:underline">
          ← Provisioning
        </Link>
        <h2 className="mt-1 text-xl font-semibold text-slate-900">{title}</h2>
        <p className="mt-0.5 max-w-3xl text-sm text-slate-600">{description}</p>
      </div>
      {readOnly ? (
        <ReadOnlyNote>{readOnlyNote}</ReadOnlyNote>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" onClick={onSave} disabled={pending || !canSave}>
            {pending ? "Saving…" : "Save"}
          </Button>
          <Button onClick={onDiscard} disabled={pending || !canSave}>
            Discard changes
          </Button>
        </div>
      )}
    </div>
  );
}

/** The editors' live notices: the last save's outcome, then the unsaved-changes warning, then any others. */
export function EditorNotices({
  notice,
  unsaved,
  children,
}: {
  notice: EditorNotice;
  /** The warning while the draft differs from the saved configuration, or null. */
  unsaved: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div aria-live="polite" className="space-y-2">
      {notice ? (
        <Alert tone={notice.tone} title={notice.title}>
          {notice.body}
        </Alert>
      ) : null}
      {unsaved ? <Alert tone="warning">{unsaved}</Alert> : null}
      {children}
    </div>
  );
}
