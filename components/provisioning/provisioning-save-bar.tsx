import { Button } from "@/components/ui/button";

/** Save and Discard changes, kept in view at the bottom of the page, with whether anything is unsaved. */
export function ProvisioningSaveBar({
  dirty,
  saving,
  onDiscard,
}: {
  dirty: boolean;
  saving: boolean;
  onDiscard: () => void;
}) {
  return (
    <div className="sticky bottom-0 z-10 -mx-1 mt-5 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 px-1 py-3 backdrop-blur">
      <Button type="submit" variant="primary" disabled={saving || !dirty}>
        {saving ? "Saving…" : "Save"}
      </Button>
      <Button onClick={onDiscard} disabled={saving || !dirty}>
        Discard changes
      </Button>
      <p className="text-sm text-slate-600" aria-live="polite">
        {saving ? "Saving…" : dirty ? "You have unsaved changes." : "All changes are saved."}
      </p>
    </div>
  );
}
