"use client";

import { useState } from "react";
import { describeEntitlement } from "@/lib/applications/effective-entitlement";
import type { AssignmentRow } from "@/lib/applications/list-assignments";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { Table, Td, Th, Tr } from "@/components/ui/table";

/** The assignments with their app role and provisioning state; Administrators get Change role and Remove. */
export function AssignmentsTable({
  rows,
  roles,
  canChange,
  editing,
  pending,
  onEdit,
  onSaveRole,
  onRemove,
}: {
  rows: AssignmentRow[];
  roles: string[];
  canChange: boolean;
  /** The assignment whose role is being changed. */
  editing: string | null;
  pending: boolean;
  onEdit: (assignmentId: string | null) => void;
  onSaveRole: (row: AssignmentRow, role: string) => void;
  onRemove: (row: AssignmentRow) => void;
}) {
  return (
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
                  onSave={(role) => onSaveRole(row, role)}
                  onCancel={() => onEdit(null)}
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
                    onClick={() => onEdit(row.id)}
                    aria-label={`Change role of ${row.displayName}`}
                  >
                    Change role
                  </Button>
                ) : null}
                <Button
                  variant="ghost"
                  disabled={pending}
                  onClick={() => onRemove(row)}
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
  );
}

function StateCell({ row }: { row: AssignmentRow }) {
  const badges = [];
  const entitlement = row.entitlement;
  if (entitlement.kind === "Excluded") {
    badges.push(
      <div key="excluded" className="space-y-0.5">
        <Badge tone="amber">{describeEntitlement(entitlement)}</Badge>
        <p className="text-xs text-slate-600">{entitlement.reason}</p>
      </div>,
    );
  } else if (entitlement.kind !== "Assigned") {
    // Default Access grants nothing by itself, but something else puts this user in scope: say what.
    badges.push(
      <div key="entitled" className="space-y-0.5">
        <Badge tone="blue">{describeEntitlement(entitlement)}</Badge>
        <p className="text-xs text-slate-600">The Default Access assignment itself is not provisioned.</p>
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
