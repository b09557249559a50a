"use client";

import { useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { DEFAULT_ACCESS_EXCLUSION_REASON, isProvisionedRole } from "@/lib/applications/is-provisioned-role";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { PrincipalCombobox } from "./principal-combobox";
import { SelectedPrincipals, optionKey } from "./selected-principals";
import { usePrincipalSearch } from "./use-principal-search";

export type SearchAction = (input: {
  applicationId: string;
  query: string;
}) => Promise<ActionResult<PrincipalOption[]>>;
export type AssignAction = (input: {
  applicationId: string;
  principals: { principalType: string; principalId: string }[];
  appRole: string;
}) => Promise<ActionResult<{ ids: string[]; role: string }>>;

/** Entra's dialog takes a page of users and groups at a time; the server refuses more than this. */
const MAX_SELECTED = 100;

/** "Assigned Ada with the role User." or "Assigned 3 users and groups with the role User: Ada, Bob and Ops." */
function assignedMessage(chosen: PrincipalOption[], role: string): string {
  if (chosen.length === 1) return `Assigned ${chosen[0]!.displayName} with the role ${role}.`;
  const names = chosen.map((c) => c.displayName);
  const shown = names.length > 5 ? [...names.slice(0, 5), `${names.length - 5} more`] : names;
  return `Assigned ${chosen.length} users and groups with the role ${role}: ${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}.`;
}

/**
 * Search the directory (users by name, UPN or mail; groups by name), pick one or several, choose one app role
 * and assign them all at once (all or none), as Entra's assignment dialog does. The search box is an ARIA
 * combobox: arrows move through the results, Enter adds the active one to the selection (or takes it out
 * again), Escape closes the list. The selection is a list with a Deselect button per user or group.
 */
export function AddAssignmentPanel({
  applicationId,
  roles,
  defaultRole,
  search,
  assign,
  onAssigned,
  onCancel,
}: {
  applicationId: string;
  roles: string[];
  defaultRole: string;
  search: SearchAction;
  assign: AssignAction;
  onAssigned: (message: string) => void;
  onCancel: () => void;
}) {
  const [selected, setSelected] = useState<PrincipalOption[]>([]);
  const [role, setRole] = useState(defaultRole);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const listId = useId();
  const roleId = useId();

  const chosen = new Set(selected.map(optionKey));
  const s = usePrincipalSearch({ applicationId, search, onPick: toggle });

  function toggle(option: PrincipalOption) {
    const key = optionKey(option);
    s.setListOpen(false);
    setError(null);
    if (chosen.has(key)) {
      setSelected((xs) => xs.filter((x) => optionKey(x) !== key));
      return;
    }
    if (selected.length >= MAX_SELECTED) {
      setError(`Choose at most ${MAX_SELECTED} users and groups at a time. Assign these first, then add more.`);
      return;
    }
    setSelected((xs) => [...xs, option]);
  }

  function deselect(option: PrincipalOption) {
    setSelected((xs) => xs.filter((x) => optionKey(x) !== optionKey(option)));
    setTimeout(() => inputRef.current?.focus(), 0);
  }

  function submit() {
    if (selected.length === 0) {
      setError("Choose a user or group first.");
      return;
    }
    setError(null);
    setProblems({});
    const principals = selected.map((o) => ({ principalType: o.type, principalId: o.id }));
    startTransition(async () => {
      const r = await assign({ applicationId, principals, appRole: role });
      if (r.ok) onAssigned(assignedMessage(selected, r.data.role));
      else {
        setError(r.error);
        setProblems(r.fieldErrors ?? {});
      }
    });
  }

  return (
    <section aria-labelledby={`${listId}-title`} className="rounded-lg border border-blue-200 bg-white p-5 shadow-sm">
      <h2 id={`${listId}-title`} className="text-base font-semibold text-slate-900">
        Add assignment
      </h2>
      <p className="mt-0.5 text-sm text-slate-600">
        Search the source directory and choose one or more users and groups, then the app role they all get.
      </p>

      <div className="mt-4 grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-2">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
            Search users and groups
          </label>
          <PrincipalCombobox
            s={s}
            inputId={inputId}
            listId={listId}
            inputRef={inputRef}
            chosen={chosen}
            onPick={toggle}
          />
          <SelectedPrincipals selected={selected} problems={problems} disabled={pending} onDeselect={deselect} />
        </div>

        <RoleField id={roleId} roles={roles} role={role} onChange={setRole} />
      </div>

      <PanelFooter
        error={error}
        pending={pending}
        canAssign={selected.length > 0}
        onAssign={submit}
        onCancel={onCancel}
      />
    </section>
  );
}

/** The one app role every chosen user and group gets, with what it means for provisioning. */
function RoleField({
  id,
  roles,
  role,
  onChange,
}: {
  id: string;
  roles: string[];
  role: string;
  onChange: (role: string) => void;
}) {
  return (
    <Field
      label="App role"
      htmlFor={id}
      hint={
        isProvisionedRole(role)
          ? "Provisioned to the application when provisioning is On."
          : DEFAULT_ACCESS_EXCLUSION_REASON + "."
      }
    >
      <Select id={id} value={role} onChange={(e) => onChange(e.target.value)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function PanelFooter({
  error,
  pending,
  canAssign,
  onAssign,
  onCancel,
}: {
  error: string | null;
  pending: boolean;
  canAssign: boolean;
  onAssign: () => void;
  onCancel: () => void;
}) {
  return (
    <>
      {error ? (
        <div className="mt-4">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={onAssign} disabled={pending || !canAssign}>
          {pending ? "Assigning…" : "Assign"}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </>
  );
}
