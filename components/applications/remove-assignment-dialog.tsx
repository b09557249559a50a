import type { AssignmentRow } from "@/lib/applications/list-assignments";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "./modal-dialog";

/** Asks before removing an assignment, and says what the next cycle does about it. */
export function RemoveAssignmentDialog({
  row: removing,
  applicationName,
  pending,
  onConfirm,
  onCancel,
}: {
  row: AssignmentRow | null;
  applicationName: string;
  pending: boolean;
  onConfirm: (row: AssignmentRow) => void;
  onCancel: () => void;
}) {
  return (
    <ModalDialog
      open={removing !== null}
      onClose={onCancel}
      title={removing ? `Remove ${removing.displayName}?` : ""}
      description={
        removing?.principalType === "Group"
          ? `With the default scope, the next provisioning cycle deprovisions the group and members who are not assigned another way from ${applicationName}.`
          : `With the default scope, the next provisioning cycle deprovisions this user from ${applicationName}.`
      }
    >
      {removing ? (
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel} disabled={pending} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => onConfirm(removing)} disabled={pending}>
            {pending ? "Removing…" : "Remove"}
          </Button>
        </div>
      ) : null}
    </ModalDialog>
  );
}
