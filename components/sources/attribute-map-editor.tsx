"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import {
  defaultScimAttributeMap,
  mappableDirectoryAttributes,
  scimUserPaths,
  type ScimAttributeMapping,
} from "@/lib/sources/scim-attribute-map";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { useActionSubmit } from "@/components/directory/use-action-submit";

const SCIM_PATHS = Object.keys(scimUserPaths) as ScimAttributeMapping["scim"][];

/** Shorter names for the enterprise extension's attributes in the lists. */
export function scimPathLabel(path: string): string {
  return path.replace("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:", "enterprise:");
}

/**
 * The SCIM → directory mapping of a SCIM push source, one row per directory attribute. Saving applies it to
 * the users already pushed (the server says how many changed) and to every push after.
 */
export function AttributeMapEditor({
  sourceId,
  initial,
  action,
}: {
  sourceId: string;
  initial: ScimAttributeMapping[];
  action: (formData: FormData) => Promise<ActionResult<{ usersChanged: number }>>;
}) {
  const [rows, setRows] = useState<ScimAttributeMapping[]>(initial);
  const { pending, ready, result, onSubmit, fieldError } = useActionSubmit(action);
  const used = new Set(rows.map((r) => r.directory));
  const unused = mappableDirectoryAttributes.filter((a) => !used.has(a));
  const set = (i: number, patch: Partial<ScimAttributeMapping>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const formError = fieldError("users") ?? fieldError("_form");

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <input type="hidden" name="sourceId" value={sourceId} />
      <input type="hidden" name="users" value={JSON.stringify(rows)} />
      <table className="w-full text-sm" aria-label="Attribute mapping">
        <thead>
          <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
            <th className="py-1 pr-2">Directory attribute (Entra name)</th>
            <th className="py-1 pr-2">SCIM attribute it comes from</th>
            <th className="py-1">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const error = fieldError(`users.${i}.directory`) ?? fieldError(`users.${i}.scim`);
            return (
              <tr key={i} className="border-t border-slate-100 align-top">
                <td className="py-1.5 pr-2">
                  <Select
                    aria-label={`Directory attribute, row ${i + 1}`}
                    value={row.directory}
                    onChange={(e) => set(i, { directory: e.target.value as ScimAttributeMapping["directory"] })}
                    aria-invalid={error ? true : undefined}
                  >
                    {[row.directory, ...unused].map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                  </Select>
                  {error ? (
                    <p role="alert" className="mt-1 text-xs text-red-700">
                      {error}
                    </p>
                  ) : null}
                </td>
                <td className="py-1.5 pr-2">
                  <Select
                    aria-label={`SCIM attribute for ${row.directory}`}
                    value={row.scim}
                    onChange={(e) => set(i, { scim: e.target.value as ScimAttributeMapping["scim"] })}
                    title={scimUserPaths[row.scim]}
                  >
                    {SCIM_PATHS.map((p) => (
                      <option key={p} value={p}>
                        {scimPathLabel(p)}
                      </option>
                    ))}
                  </Select>
                  <p className="mt-0.5 text-xs text-slate-500">{scimUserPaths[row.scim]}</p>
                </td>
                <td className="py-1.5">
                  <Button
                    variant="ghost"
                    aria-label={`Remove the mapping of ${row.directory}`}
                    onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={unused.length === 0}
          onClick={() => setRows((all) => [...all, { directory: unused[0], scim: "displayName" }])}
        >
          Add mapping
        </Button>
        <Button onClick={() => setRows(defaultScimAttributeMap.map((m) => ({ ...m })))}>Restore defaults</Button>
        <Button type="submit" variant="primary" disabled={pending || !ready}>
          {pending ? "Saving…" : "Save mapping"}
        </Button>
      </div>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {result && !result.ok && !formError ? <Alert tone="error">{result.error}</Alert> : null}
      {result?.ok ? (
        <Alert tone="success">
          Mapping saved.{" "}
          {result.data.usersChanged === 0
            ? "No pushed user changed."
            : `${result.data.usersChanged} pushed user${result.data.usersChanged === 1 ? "" : "s"} changed; their applications follow within seconds.`}
        </Alert>
      ) : null}
    </form>
  );
}
