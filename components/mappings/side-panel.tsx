"use client";

import type { ReactNode } from "react";
import { useModalDialog } from "@/components/ui/use-modal-dialog";

/**
 * A side panel on the native <dialog> element, opened modally: focus stays inside it and returns to the
 * opener when it closes, Escape closes it, and it is announced as a dialog named by its title. Children
 * mount only while it is open, so each opening starts from the values it is given.
 */
export function SidePanel({
  open,
  onClose,
  title,
  description,
  footer,
  width = "max-w-xl",
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  footer?: ReactNode;
  width?: string;
  children: ReactNode;
}) {
  const { ref, titleId, descriptionId } = useModalDialog(open);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={`ml-auto mr-0 my-0 h-dvh max-h-dvh w-full ${width} border-l border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/30`}
    >
      {open ? (
        <div className="flex h-full flex-col">
          <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
            <div>
              <h2 id={titleId} className="text-lg font-semibold">
                {title}
              </h2>
              {description ? (
                <div id={descriptionId} className="mt-0.5 text-sm text-slate-600">
                  {description}
                </div>
              ) : null}
            </div>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="rounded-md px-2 py-1 text-lg leading-none text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
            >
              ×
            </button>
          </header>
          <div className="flex-1 overflow-y-auto px-5 py-4">{children}</div>
          {footer ? (
            <footer className="flex items-center gap-2 border-t border-slate-200 px-5 py-3">{footer}</footer>
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}
