"use client";

import { useState, useTransition } from "react";
import type { TargetAttributeView } from "@/lib/mapping-config/get-mapping-config";
import type { ActionResult } from "@/lib/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SidePanel } from "./side-panel";
import { nextDraftKey } from "./draft-key";

const TYPES: TargetAttributeView["type"][] = ["String", "Boolean", "Integer", "DateTime", "Reference"];

type Row = TargetAttributeView & { key: string };

/**
 * "Edit attribute list": the target's attributes for one object type, with their type, required,
 * multi-valued and exact case. Attributes a mapping sends to (on the saved page) cannot be removed.
 */
export function AttributeListPanel({
  open,
  onClose,
  appName,
  attributes,
  usedTargets,
  onSave,
}: {
  open: boolean;
  onClose: () => void;
  appName: string;
  attributes: TargetAttributeView[];
  usedTargets: Set<string>;
  onSave: (attributes: TargetAttributeView[]) => Promise<ActionResult<unknown>>;
}) {
  return (
    <SidePanel
      open={open}
      onClose={onClose}
      title={`Edit attribute list for ${appName}`}
      description="The attributes the target application accepts. Mappings can only send to attributes in this list."
      width="max-w-4xl"
    >
      <AttributeListForm attributes={attributes} usedTargets={usedTargets} onSave={onSave} onCancel={onClose} />
    </SidePanel>
  );
}

function AttributeListForm({
  attributes,
  usedTargets,
  onSave,
  onCancel,
}: {
  attributes: TargetAttributeView[];
  usedTargets: Set<string>;
  onSave: (attributes: TargetAttributeView[]) => Promise<ActionResult<unknown>>;
  onCancel: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(() => attributes.map((a, i) => ({ ...a, key: `a${i}` })));
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};

  const update = (key: string, patch: Partial<TargetAttributeView>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  function save() {
    startTransition(async () => {
      const r = await onSave(rows.map(({ key: _k, ...a }) => ({ ...a, name: a.name.trim() })));
      setResult(r);
    });
  }

  return (
    <div className="space-y-3">
      {result && !result.ok ? (
        <Alert tone="error" title="The attribute list was not saved">
          {result.error}
        </Alert>
      ) : null}
      <div className="overflow-x-auto rounded-md border border-slate-200">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-2">
                Name
              </th>
              <th scope="col" className="px-2 py-2">
                Type
              </th>
              <th scope="col" className="px-2 py-2 text-center">
                Required
              </th>
              <th scope="col" className="px-2 py-2 text-center">
                Multi-valued
              </th>
              <th scope="col" className="px-2 py-2 text-center">
                Exact case
              </th>
              <th scope="col" className="px-2 py-2">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <AttributeRow
                key={r.key}
                row={r}
                index={i}
                used={usedTargets.has(r.name)}
                error={fieldErrors[`attributes.${i}.name`]}
                onChange={(patch) => update(r.key, patch)}
                onRemove={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
              />
            ))}
          </tbody>
        </table>
      </div>
      <Button
        onClick={() =>
          setRows((rs) => [
            ...rs,
            {
              key: nextDraftKey("attr"),
              name: "",
              type: "String",
              required: false,
              multiValued: false,
              caseExact: false,
            },
          ])
        }
      >
        Add attribute
      </Button>
      <div className="flex items-center gap-2 border-t border-slate-200 pt-3">
        <Button variant="primary" onClick={save} disabled={pending}>
          {pending ? "Saving…" : "Save attribute list"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}

const FLAG_LABELS = { required: "Required", multiValued: "Multi-valued", caseExact: "Exact case" } as const;

/** One attribute of the list; one a mapping sends to keeps its name and cannot be removed. */
function AttributeRow({
  row: r,
  index: i,
  used,
  error,
  onChange,
  onRemove,
}: {
  row: Row;
  index: number;
  used: boolean;
  error: string | undefined;
  onChange: (patch: Partial<TargetAttributeView>) => void;
  onRemove: () => void;
}) {
  const label = r.name || `row ${i + 1}`;
  return (
    <tr className="border-t border-slate-100 align-top">
      <td className="px-2 py-1.5">
        <input
          aria-label={`Name of attribute ${i + 1}`}
          value={r.name}
          onChange={(e) => onChange({ name: e.target.value })}
          className={`${inputClass} min-w-72 font-mono text-xs`}
          aria-invalid={error ? true : undefined}
          readOnly={used}
          title={used ? "Used by a mapping" : undefined}
        />
        {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}
      </td>
      <td className="px-2 py-1.5">
        <select
          aria-label={`Type of ${label}`}
          value={r.type}
          onChange={(e) => onChange({ type: e.target.value as TargetAttributeView["type"] })}
          className={inputClass}
        >
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </td>
      {(["required", "multiValued", "caseExact"] as const).map((k) => (
        <td key={k} className="px-2 py-1.5 text-center">
          <input
            type="checkbox"
            aria-label={`${FLAG_LABELS[k]}: ${label}`}
            checked={r[k]}
            onChange={(e) => onChange({ [k]: e.target.checked })}
            className="h-4 w-4"
          />
        </td>
      ))}
      <td className="px-2 py-1.5 text-right">
        {used ? (
          <span className="text-xs text-slate-500">Used by a mapping</span>
        ) : (
          <Button variant="ghost" aria-label={`Remove ${label}`} onClick={onRemove}>
            Remove
          </Button>
        )}
      </td>
    </tr>
  );
}
