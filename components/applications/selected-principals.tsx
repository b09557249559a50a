import type { PrincipalOption } from "@/lib/applications/search-principals";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

/** The key of a user or group in a selection, and in the server's field errors (`principalKey`). */
export const optionKey = (o: { type: string; id: string }) => `${o.type}:${o.id}`;

/**
 * The users and groups chosen so far, each with Deselect, a warning when it is assigned already, and the
 * server's reason when it could not be assigned.
 */
export function SelectedPrincipals({
  selected,
  problems,
  disabled,
  onDeselect,
}: {
  selected: PrincipalOption[];
  problems: Record<string, string>;
  disabled: boolean;
  onDeselect: (option: PrincipalOption) => void;
}) {
  if (selected.length === 0) return <p className="text-sm text-slate-500">No users or groups selected.</p>;
  return (
    <div>
      <p className="text-sm font-medium text-slate-800" id="selected-principals-title">
        {selected.length} selected
      </p>
      <ul aria-labelledby="selected-principals-title" className="mt-1 max-h-60 space-y-1 overflow-y-auto">
        {selected.map((o) => {
          const problem = problems[optionKey(o)];
          return (
            <li
              key={optionKey(o)}
              data-testid="selected-principal"
              className={`rounded-md border px-3 py-1.5 text-sm ${problem ? "border-red-300 bg-red-50" : "border-slate-300 bg-slate-50"}`}
            >
              <div className="flex items-center justify-between gap-3">
                <span className="min-w-0 truncate">
                  <span className="font-medium">{o.displayName}</span>{" "}
                  <span className="text-slate-500">
                    ({o.type}
                    {o.detail ? ` · ${o.detail}` : ""})
                  </span>
                </span>
                <span className="flex shrink-0 items-center gap-2">
                  {o.assignedRole && !problem ? <Badge tone="amber">Assigned: {o.assignedRole}</Badge> : null}
                  <Button
                    variant="ghost"
                    disabled={disabled}
                    onClick={() => onDeselect(o)}
                    aria-label={`Deselect ${o.displayName}`}
                  >
                    Deselect
                  </Button>
                </span>
              </div>
              {problem ? <p className="mt-0.5 text-xs text-red-800">{problem}</p> : null}
              {o.assignedRole && !problem ? (
                <p className="mt-0.5 text-xs text-amber-800">Already assigned with the role {o.assignedRole}.</p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
