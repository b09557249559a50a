"use client";

import type { ReactNode } from "react";
import { ModalDialog } from "@/components/applications/modal-dialog";
import { Button } from "@/components/ui/button";

/** A confirmation in a modal dialog (focus trapped, Escape cancels). */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <ModalDialog open={open} onClose={onCancel} title={title} description={children}>
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="danger" onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
