"use client";

import type { ReactNode } from "react";
import { useModalDialog } from "@/components/ui/use-modal-dialog";

/**
 * A modal on the native <dialog> element: focus is trapped and returned, Escape closes it, and it is
 * announced as a dialog named by its title. Children mount only while it is open, so forms start fresh.
 */
export function ModalDialog({
  open,
  onClose,
  title,
  description,
  wide = false,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** A wider dialog, for lists. */
  wide?: boolean;
  children: ReactNode;
}) {
  const { ref, titleId, descriptionId } = useModalDialog(open);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={`m-auto w-full ${wide ? "max-w-2xl" : "max-w-md"} rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
      {open ? (
        <div className="px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="mt-1 text-sm text-slate-600">
              {description}
            </div>
          ) : null}
          <div className="mt-4">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
