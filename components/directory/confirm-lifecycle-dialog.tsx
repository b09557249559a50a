"use client";

import { ModalDialog } from "@/components/applications/modal-dialog";
import { Button } from "@/components/ui/button";

export type LifecycleQuestion = "disable" | "delete";

/**
 * Asks before disabling or deleting a directory object, naming it and saying what provisioning then does.
 * Cancel (focused first, and Escape) changes nothing.
 */
export function ConfirmLifecycleDialog({
  question,
  name,
  detail,
  noun,
  onConfirm,
  onCancel,
}: {
  question: LifecycleQuestion | null;
  name: string;
  detail?: string;
  noun: "user" | "group";
  onConfirm: (question: LifecycleQuestion) => void;
  onCancel: () => void;
}) {
  const who = detail ? `${name} (${detail})` : name;
  const description =
    question === "disable"
      ? `${who} will no longer be able to sign in. Provisioning disables the user in the applications it is provisioned to; its group memberships stay. You can enable it again.`
      : noun === "user"
        ? `${who} is moved to Deleted users. Provisioning deprovisions the user from the applications it is provisioned to. You can restore it, with its group memberships, from Deleted users.`
        : `${who} is moved to Deleted groups. Provisioning deprovisions the group from the applications it is provisioned to. You can restore it from Deleted groups.`;
  return (
    <ModalDialog
      open={question !== null}
      onClose={onCancel}
      title={question === "disable" ? `Disable ${name}?` : `Delete ${name}?`}
      description={description}
    >
      {question ? (
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => onConfirm(question)}>
            {question === "disable" ? "Yes, disable" : "Yes, delete"}
          </Button>
        </div>
      ) : null}
    </ModalDialog>
  );
}
