import type { Ref } from "react";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import type { PrincipalSearch } from "./use-principal-search";

/** The search box and its listbox of users and groups (the state is in usePrincipalSearch). */
export function PrincipalCombobox({
  s,
  inputId,
  listId,
  inputRef,
  chosen,
  onPick,
}: {
  s: PrincipalSearch;
  inputId: string;
  listId: string;
  inputRef: Ref<HTMLInputElement>;
  /** Keys (`type:id`) of the users and groups already in the selection: picking one again takes it out. */
  chosen: Set<string>;
  onPick: (option: PrincipalOption) => void;
}) {
  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="relative">
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        autoFocus
        aria-autocomplete="list"
        aria-expanded={s.showList}
        aria-controls={listId}
        aria-activedescendant={s.showList && s.options[s.active] ? optionId(s.active) : undefined}
        placeholder="Name, user principal name or group"
        className={inputClass}
        value={s.query}
        onChange={(e) => s.onType(e.target.value)}
        onFocus={() => s.setListOpen(true)}
        onBlur={() => s.setListOpen(false)}
        onKeyDown={s.onKeyDown}
      />
      {s.showList ? (
        <div className="absolute z-10 mt-1 w-full rounded-md border border-slate-200 bg-white shadow-lg">
          {s.results.isError ? (
            <p className="px-3 py-2 text-sm text-red-700" role="alert">
              {s.results.error.message}
            </p>
          ) : s.results.isPending || s.typing ? (
            <p className="px-3 py-2 text-sm text-slate-500" role="status">
              Searching…
            </p>
          ) : s.options.length === 0 ? (
            <p className="px-3 py-2 text-sm text-slate-500" role="status">
              No users or groups match &ldquo;{s.debounced}&rdquo;.
            </p>
          ) : null}
          <ul id={listId} role="listbox" aria-label="Users and groups" className="max-h-72 overflow-y-auto py-1">
            {!s.results.isError && !s.typing
              ? s.options.map((o, i) => (
                  <li
                    key={`${o.type}:${o.id}`}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === s.active}
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => s.setActive(i)}
                    onClick={() => onPick(o)}
                    className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-1.5 text-sm ${i === s.active ? "bg-blue-50" : ""}`}
                  >
                    <PrincipalOptionText option={o} chosen={chosen.has(`${o.type}:${o.id}`)} />
                  </li>
                ))
              : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function PrincipalOptionText({ option: o, chosen }: { option: PrincipalOption; chosen: boolean }) {
  return (
    <>
      <span aria-hidden="true" className={`w-4 shrink-0 font-semibold text-blue-700 ${chosen ? "" : "invisible"}`}>
        ✓
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-slate-900">{o.displayName}</span>
        {o.detail ? <span className="block truncate text-xs text-slate-500">{o.detail}</span> : null}
      </span>
      <span className="flex shrink-0 items-center gap-1">
        {chosen ? <Badge tone="blue">Selected</Badge> : null}
        {o.assignedRole ? <Badge tone="blue">Assigned: {o.assignedRole}</Badge> : null}
        {!o.accountEnabled ? <Badge tone="amber">Disabled</Badge> : null}
        <Badge>{o.type}</Badge>
      </span>
    </>
  );
}
