import type { ReactNode } from "react";

/** Said wherever a Reader meets a control they cannot use (tooltips, notes). */
const READ_ONLY_MESSAGE = "Readers can view but not change settings.";

/** The app-wide indicator for Readers, shown above every page. */
export function ReadOnlyBanner() {
  return (
    <div
      role="note"
      aria-label="Read-only access"
      data-testid="read-only-banner"
      className="mb-5 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
    >
      <span className="inline-flex items-center gap-1.5 rounded-full bg-slate-700 px-2 py-0.5 text-xs font-medium text-white">
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor">
          <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z" />
        </svg>
        Read-only access
      </span>
      <span>You can view configuration and logs, but not change anything. Ask an Administrator to make changes.</span>
    </div>
  );
}

/** A quiet inline note in place of a form's buttons or an editor's toolbar, for Readers. */
export function ReadOnlyNote({ children = READ_ONLY_MESSAGE }: { children?: ReactNode }) {
  return (
    <p className="inline-flex items-center gap-1.5 text-sm text-slate-600" data-testid="read-only-note">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0 text-slate-500" fill="currentColor">
        <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z" />
      </svg>
      <span>{children}</span>
    </p>
  );
}
