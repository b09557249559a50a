"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { AssignmentRow } from "@/lib/applications/list-assignments";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ModalDialog } from "./modal-dialog";
import { AddAssignmentPanel, type AssignAction, type SearchAction } from "./add-assignment-panel";
import { useCanChange } from "@/components/ui/role-context";

type ChangeRoleAction = (input: {
  applicationId: string;
  assignmentId: string;
  appRole: string;
}) => Promise<ActionResult<{ changed: boolean }>>;
type RemoveAction = (input: { applicationId: string; assignmentId: string }) => Promise<ActionResult<void>>;

function StateCell({ row }: { row: AssignmentRow }) {
  const badges = [];
  if (!row.provisioned) {
    badges.push(
      <div key="excluded" className="space-y-0.5">
        <Badge tone="amber">Excluded from provisioning</Badge>
        <p className="text-xs text-slate-600">{row.exclusionReason}</p>
      </div>,
    );
  }
  if (row.principalState === "Disabled")
    badges.push(
      <Badge key="state" tone="amber">
        Disabled in directory
      </Badge>,
    );
  if (row.principalState === "SoftDeleted")
    badges.push(
      <Badge key="state" tone="red">
        Deleted in directory
      </Badge>,
    );
  if (row.principalState === "HardDeleted")
    badges.push(
      <Badge key="state" tone="red">
        No longer in directory
      </Badge>,
    );
  if (badges.length === 0) return <span className="text-slate-500">In provisioning scope</span>;
  return <div className="flex flex-col items-start gap-1.5">{badges}</div>;
}

function RoleEditor({
  row,
  roles,
  onSave,
  onCancel,
}: {
  row: AssignmentRow;
  roles: string[];
  onSave: (role: string) => void;
  onCancel: () => void;
}) {
  const [role, setRole] = useState(row.appRole);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select
        aria-label={`App role for ${row.displayName}`}
        value={role}
        onChange={(e) => setRole(e.target.value)}
        className="w-auto"
        autoFocus
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <Button variant="primary" onClick={() => onSave(role)}>
        Save role
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}

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

  const excluded = rows.filter((r) => !r.provisioned).length;

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
          <EmptyState
            title="Nobody is assigned yet"
            action={
              canChange ? (
                <Button variant="primary" onClick={() => setAdding(true)}>
                  Add user/group
                </Button>
              ) : undefined
            }
          >
            {canChange
              ? `Assign users and groups to decide who gets an account in ${applicationName}. Members of an assigned group are provisioned with it.`
              : `An Administrator assigns users and groups to decide who gets an account in ${applicationName}.`}
          </EmptyState>
        ) : null
      ) : (
        <Table aria-label="Assigned users and groups">
          <thead>
            <tr>
              <Th>Display name</Th>
              <Th>Type</Th>
              <Th>App role</Th>
              <Th>State</Th>
              {canChange ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Tr key={row.id}>
                <Td>
                  <span className="font-medium text-slate-900">{row.displayName}</span>
                  {row.detail ? <span className="block text-xs text-slate-500">{row.detail}</span> : null}
                  {row.memberCount !== null ? (
                    <span className="block text-xs text-slate-500">
                      {row.memberCount === 1 ? "1 member" : `${row.memberCount} members`}
                    </span>
                  ) : null}
                </Td>
                <Td>{row.principalType}</Td>
                <Td>
                  {canChange && editing === row.id ? (
                    <RoleEditor
                      row={row}
                      roles={roles}
                      onSave={(role) => saveRole(row, role)}
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    row.appRole
                  )}
                </Td>
                <Td>
                  <StateCell row={row} />
                </Td>
                {canChange ? (
                  <Td className="whitespace-nowrap text-right">
                    {editing !== row.id ? (
                      <Button
                        variant="ghost"
                        disabled={pending}
                        onClick={() => setEditing(row.id)}
                        aria-label={`Change role of ${row.displayName}`}
                      >
                        Change role
                      </Button>
                    ) : null}
                    <Button
                      variant="ghost"
                      disabled={pending}
                      onClick={() => setRemoving(row)}
                      aria-label={`Remove ${row.displayName}`}
                    >
                      Remove
                    </Button>
                  </Td>
                ) : null}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}

      <ModalDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing ? `Remove ${removing.displayName}?` : ""}
        description={
          removing?.principalType === "Group"
            ? `With the default scope, the next provisioning cycle deprovisions the group and members who are not assigned another way from ${applicationName}.`
            : `With the default scope, the next provisioning cycle deprovisions this user from ${applicationName}.`
        }
      >
        {removing ? (
          <div className="flex justify-end gap-2">
            <Button onClick={() => setRemoving(null)} disabled={pending} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => confirmRemove(removing)} disabled={pending}>
              {pending ? "Removing…" : "Remove"}
            </Button>
          </div>
        ) : null}
      </ModalDialog>
    </div>
  );
}
