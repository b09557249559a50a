"use client";

import { useEffect, useId, useRef } from "react";

/**
 * Drives a native <dialog> as a modal from React state: showModal() traps focus and returns it to the opener
 * on close, and Escape closes it. Returns the ref and the ids that name and describe the dialog.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return { ref, titleId, descriptionId };
}
