"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ActionResult } from "@/lib/action-result";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { DEFAULT_ACCESS_EXCLUSION_REASON, isProvisionedRole } from "@/lib/applications/is-provisioned-role";
import { Button } from "@/components/ui/button";
import { Field, Select, inputClass } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";

export type SearchAction = (input: {
  applicationId: string;
  query: string;
}) => Promise<ActionResult<PrincipalOption[]>>;
export type AssignAction = (input: {
  applicationId: string;
  principalType: string;
  principalId: string;
  appRole: string;
}) => Promise<ActionResult<{ id: string }>>;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/**
 * Search the directory (users by name, UPN or mail; groups by name), pick one, choose its app role and assign.
 * The search box is an ARIA combobox: arrows move through the results, Enter picks, Escape closes the list.
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
  const [query, setQuery] = useState("");
  const [listOpen, setListOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<PrincipalOption | null>(null);
  const [role, setRole] = useState(defaultRole);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const debounced = useDebounced(query.trim(), 250);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const listId = useId();
  const roleId = useId();

  const results = useQuery({
    queryKey: ["principals", applicationId, debounced],
    queryFn: async () => {
      const r = await search({ applicationId, query: debounced });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    enabled: selected === null,
    staleTime: 2_000,
  });
  const options = results.data ?? [];
  const showList = listOpen && selected === null;
  const typing = query.trim() !== debounced;

  useEffect(() => setActive(0), [debounced]);

  function pick(option: PrincipalOption) {
    setSelected(option);
    setListOpen(false);
    setError(null);
  }

  function clearSelection() {
    setSelected(null);
    setListOpen(true);
    setTimeout(() => inputRef.current?.focus(), 0);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setListOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const option = options[active];
      if (showList && option) pick(option);
    } else if (e.key === "Escape" && listOpen) {
      e.preventDefault();
      e.stopPropagation();
      setListOpen(false);
    }
  }

  function submit() {
    if (!selected) {
      setError("Choose a user or group first.");
      return;
    }
    setError(null);
    startTransition(async () => {
      const r = await assign({ applicationId, principalType: selected.type, principalId: selected.id, appRole: role });
      if (r.ok) onAssigned(`Assigned ${selected.displayName} with the role ${role}.`);
      else setError(r.error);
    });
  }

  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <section aria-labelledby={`${listId}-title`} className="rounded-lg border border-blue-200 bg-white p-5 shadow-sm">
      <h2 id={`${listId}-title`} className="text-base font-semibold text-slate-900">
        Add assignment
      </h2>
      <p className="mt-0.5 text-sm text-slate-600">
        Search the source directory for a user or group, then choose its app role.
      </p>

      <div className="mt-4 grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-1">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
            Search users and groups
          </label>
          {selected ? (
            <div
              className="flex items-center justify-between gap-3 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 text-sm"
              data-testid="selected-principal"
            >
              <span className="min-w-0 truncate">
                <span className="font-medium">{selected.displayName}</span>{" "}
                <span className="text-slate-500">
                  ({selected.type}
                  {selected.detail ? ` · ${selected.detail}` : ""})
                </span>
              </span>
              <Button
                variant="ghost"
                onClick={clearSelection}
                aria-label={`Choose someone other than ${selected.displayName}`}
              >
                Change
              </Button>
            </div>
          ) : (
            <div className="relative">
              <input
                ref={inputRef}
                id={inputId}
                type="text"
                role="combobox"
                autoComplete="off"
                autoFocus
                aria-autocomplete="list"
                aria-expanded={showList}
                aria-controls={listId}
                aria-activedescendant={showList && options[active] ? optionId(active) : undefined}
                placeholder="Name, user principal name or group"
                className={inputClass}
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setListOpen(true);
                }}
                onFocus={() => setListOpen(true)}
                onBlur={() => setListOpen(false)}
                onKeyDown={onKeyDown}
              />
              {showList ? (
                <div className="absolute z-10 mt-1 w-full rounded-md border border-slate-200 bg-white shadow-lg">
                  {results.isError ? (
                    <p className="px-3 py-2 text-sm text-red-700" role="alert">
                      {results.error.message}
                    </p>
                  ) : results.isPending || typing ? (
                    <p className="px-3 py-2 text-sm text-slate-500" role="status">
                      Searching…
                    </p>
                  ) : options.length === 0 ? (
                    <p className="px-3 py-2 text-sm text-slate-500" role="status">
                      No users or groups match &ldquo;{debounced}&rdquo;.
                    </p>
                  ) : null}
                  <ul
                    id={listId}
                    role="listbox"
                    aria-label="Users and groups"
                    className="max-h-72 overflow-y-auto py-1"
                  >
                    {!results.isError && !typing
                      ? options.map((o, i) => (
                          <li
                            key={`${o.type}:${o.id}`}
                            id={optionId(i)}
                            role="option"
                            aria-selected={i === active}
                            onMouseDown={(e) => e.preventDefault()}
                            onMouseEnter={() => setActive(i)}
                            onClick={() => pick(o)}
                            className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-1.5 text-sm ${i === active ? "bg-blue-50" : ""}`}
                          >
                            <span className="min-w-0">
                              <span className="block truncate font-medium text-slate-900">{o.displayName}</span>
                              {o.detail ? (
                                <span className="block truncate text-xs text-slate-500">{o.detail}</span>
                              ) : null}
                            </span>
                            <span className="flex shrink-0 items-center gap-1">
                              {o.assignedRole ? <Badge tone="blue">Assigned: {o.assignedRole}</Badge> : null}
                              {!o.accountEnabled ? <Badge tone="amber">Disabled</Badge> : null}
                              <Badge>{o.type}</Badge>
                            </span>
                          </li>
                        ))
                      : null}
                  </ul>
                </div>
              ) : null}
            </div>
          )}
          {selected?.assignedRole ? (
            <p className="text-xs text-amber-800">Already assigned with the role {selected.assignedRole}.</p>
          ) : null}
        </div>

        <Field
          label="App role"
          htmlFor={roleId}
          hint={
            isProvisionedRole(role)
              ? "Provisioned to the application when provisioning is On."
              : DEFAULT_ACCESS_EXCLUSION_REASON + "."
          }
        >
          <Select id={roleId} value={role} onChange={(e) => setRole(e.target.value)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {error ? (
        <div className="mt-4">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}

      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={submit} disabled={pending || !selected}>
          {pending ? "Assigning…" : "Assign"}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
