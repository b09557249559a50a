"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { AssignmentRow } from "@/lib/applications/list-assignments";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { AssignmentsTable } from "./assignments-table";
import { RemoveAssignmentDialog } from "./remove-assignment-dialog";
import { AddAssignmentPanel, type AssignAction, type SearchAction } from "./add-assignment-panel";
import { useCanChange } from "@/components/ui/role-context";

type ChangeRoleAction = (input: {
  applicationId: string;
  assignmentId: string;
  appRole: string;
}) => Promise<ActionResult<{ changed: boolean }>>;
type RemoveAction = (input: { applicationId: string; assignmentId: string }) => Promise<ActionResult<void>>;

/** The Users and groups tab: assignments with their app role and provisioning state, and the controls to change them. */
export function AssignmentsManager({
  applicationId,
  applicationName,
  rows,
  roles,
  defaultRole,
  actions,
}: {
  applicationId: string;
  applicationName: string;
  rows: AssignmentRow[];
  roles: string[];
  defaultRole: string;
  actions: { search: SearchAction; assign: AssignAction; changeRole: ChangeRoleAction; remove: RemoveAction };
}) {
  const canChange = useCanChange();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AssignmentRow | null>(null);
  const [pending, startTransition] = useTransition();

  function saveRole(row: AssignmentRow, role: string) {
    setError(null);
    startTransition(async () => {
      const r = await actions.changeRole({ applicationId, assignmentId: row.id, appRole: role });
      if (!r.ok) return setError(r.error);
      setEditing(null);
      setNotice(
        r.data.changed
          ? `${row.displayName} now has the role ${role}.`
          : `${row.displayName} already had the role ${role}.`,
      );
    });
  }

  function confirmRemove(row: AssignmentRow) {
    setError(null);
    startTransition(async () => {
      const r = await actions.remove({ applicationId, assignmentId: row.id });
      setRemoving(null);
      if (!r.ok) return setError(r.error);
      setNotice(`Removed ${row.displayName} from ${applicationName}.`);
    });
  }

  const excluded = rows.filter((r) => r.entitlement.kind === "Excluded").length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {rows.length === 0
            ? "No users or groups are assigned."
            : `${rows.length} assigned${excluded ? `, ${excluded} excluded from provisioning` : ""}.`}
        </p>
        {canChange && !adding && rows.length > 0 ? (
          <Button
            variant="primary"
            onClick={() => {
              setAdding(true);
              setNotice(null);
            }}
          >
            Add user/group
          </Button>
        ) : null}
      </div>

      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}

      {canChange && adding ? (
        <AddAssignmentPanel
          applicationId={applicationId}
          roles={roles}
          defaultRole={defaultRole}
          search={actions.search}
          assign={actions.assign}
          onAssigned={(message) => {
            setAdding(false);
            setNotice(message);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}

      {rows.length === 0 ? (
        !adding ? (
          <NoAssignments applicationName={applicationName} onAdd={canChange ? () => setAdding(true) : undefined} />
        ) : null
      ) : (
        <AssignmentsTable
          rows={rows}
          roles={roles}
          canChange={canChange}
          editing={editing}
          pending={pending}
          onEdit={setEditing}
          onSaveRole={saveRole}
          onRemove={setRemoving}
        />
      )}

      <RemoveAssignmentDialog
        row={removing}
        applicationName={applicationName}
        pending={pending}
        onConfirm={confirmRemove}
        onCancel={() => setRemoving(null)}
      />
    </div>
  );
}

/** The empty tab: what assigning is for, and (for Administrators) the first Add user/group. */
function NoAssignments({ applicationName, onAdd }: { applicationName: string; onAdd?: () => void }) {
  return (
    <EmptyState
      title="Nobody is assigned yet"
      action={
        onAdd ? (
          <Button variant="primary" onClick={onAdd}>
            Add user/group
          </Button>
        ) : undefined
      }
    >
      {onAdd
        ? `Assign users and groups to decide who gets an account in ${applicationName}. Members of an assigned group are provisioned with it.`
        : `An Administrator assigns users and groups to decide who gets an account in ${applicationName}.`}
    </EmptyState>
  );
}
