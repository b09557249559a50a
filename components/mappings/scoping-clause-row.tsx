import { SCOPING_OPERATOR_INFO, SCOPING_OPERATORS, isScopingOperator } from "@/lib/scoping/scoping-operators";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { DraftClause } from "./scoping-draft";

/** One clause: attribute, operator and (for operators that take one) a value, with what is wrong with it. */
export function ScopingClauseRow({
  clause: c,
  name,
  first,
  error,
  sourceAttributes,
  readOnly,
  onChange,
  onRemove,
}: {
  clause: DraftClause;
  /** "clause 2 of filter 1", for the controls' names. */
  name: string;
  first: boolean;
  error: string | undefined;
  sourceAttributes: readonly string[];
  readOnly: boolean;
  onChange: (patch: Partial<DraftClause>) => void;
  onRemove: () => void;
}) {
  const info = isScopingOperator(c.operator) ? SCOPING_OPERATOR_INFO[c.operator] : null;
  return (
    <div>
      {first ? null : <p className="mb-1 text-xs font-semibold text-slate-500">AND</p>}
      <div className="rounded-md border border-slate-100 bg-slate-50/50 p-2">
        <div className="grid grid-cols-1 items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]">
          <select
            aria-label={`Attribute, ${name}`}
            value={c.attribute}
            onChange={(e) => onChange({ attribute: e.target.value })}
            className={inputClass}
          >
            {!sourceAttributes.includes(c.attribute) ? <option value={c.attribute}>{c.attribute}</option> : null}
            {sourceAttributes.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <select
            aria-label={`Operator, ${name}`}
            value={c.operator}
            onChange={(e) => onChange({ operator: e.target.value })}
            className={inputClass}
          >
            {SCOPING_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {SCOPING_OPERATOR_INFO[op].label}
              </option>
            ))}
          </select>
          {info?.takesValue ? (
            <input
              aria-label={`Value, ${name}`}
              value={c.value}
              onChange={(e) => onChange({ value: e.target.value })}
              inputMode={info.integerValue ? "numeric" : undefined}
              placeholder={info.regexValue ? "Regular expression" : info.integerValue ? "Integer" : "Value"}
              aria-invalid={error ? true : undefined}
              className={`${inputClass} ${info.regexValue ? "font-mono text-xs" : ""}`}
            />
          ) : (
            <span className="px-1 py-1.5 text-xs text-slate-500">No value needed</span>
          )}
          {readOnly ? null : (
            <Button variant="ghost" aria-label={`Remove ${name}`} onClick={onRemove}>
              Remove
            </Button>
          )}
        </div>
        {info ? <p className="mt-1 text-xs text-slate-500">{info.description}</p> : null}
        {error ? (
          <p className="mt-1 text-xs text-red-700" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
