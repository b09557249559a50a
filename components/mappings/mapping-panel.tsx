"use client";

import { useId } from "react";
import type { TargetAttributeView } from "@/lib/mapping-config/get-mapping-config";
import type { MappingObjectType } from "@/lib/mapping-config/source-attributes";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { SidePanel } from "./side-panel";
import { TestExpressionBox } from "./test-expression-box";
import type { DraftMapping, MappingEditorActions } from "./mapping-types";
import { MatchingFieldset, MappingTypeField, SourceField } from "./mapping-panel-fields";
import { useMappingPanelForm } from "./use-mapping-panel-form";

/** The Edit Attribute panel: one mapping, applied to the draft with OK (the page's Save writes the draft). */
export function MappingPanel({
  open,
  onClose,
  editing,
  rows,
  objectType,
  applicationId,
  targetAttributes,
  sourceAttributes,
  onApply,
  actions,
  readOnly = false,
}: {
  open: boolean;
  onClose: () => void;
  /** The row being edited, or null to add a new one. */
  editing: DraftMapping | null;
  rows: DraftMapping[];
  objectType: MappingObjectType;
  applicationId: string;
  targetAttributes: TargetAttributeView[];
  sourceAttributes: readonly string[];
  onApply: (row: DraftMapping) => void;
  actions: Pick<MappingEditorActions, "testExpression" | "searchPrincipals">;
  /** Readers: the mapping's details, every field disabled, no OK and no Test expression (a server action). */
  readOnly?: boolean;
}) {
  return (
    <SidePanel
      open={open}
      onClose={onClose}
      title={readOnly ? "Attribute mapping details" : editing ? "Edit attribute" : "Add new mapping"}
      description={
        readOnly
          ? "Read-only: Readers can inspect this mapping but not change it."
          : "A mapping sends one source attribute, a constant or an expression to one target attribute."
      }
      width="max-w-2xl"
    >
      <PanelForm
        key={editing?.key ?? "new"}
        editing={editing}
        rows={rows}
        objectType={objectType}
        applicationId={applicationId}
        targetAttributes={targetAttributes}
        sourceAttributes={sourceAttributes}
        onApply={onApply}
        onCancel={onClose}
        actions={actions}
        readOnly={readOnly}
      />
    </SidePanel>
  );
}

function PanelForm({
  editing,
  rows,
  objectType,
  applicationId,
  targetAttributes,
  sourceAttributes,
  onApply,
  onCancel,
  actions,
  readOnly,
}: {
  editing: DraftMapping | null;
  rows: DraftMapping[];
  objectType: MappingObjectType;
  applicationId: string;
  targetAttributes: TargetAttributeView[];
  sourceAttributes: readonly string[];
  onApply: (row: DraftMapping) => void;
  onCancel: () => void;
  actions: Pick<MappingEditorActions, "testExpression" | "searchPrincipals">;
  readOnly: boolean;
}) {
  const id = useId();
  const form = useMappingPanelForm({ editing, rows, objectType, targetAttributes, onApply });
  const { v, set, show } = form;
  const targetOptions = targetAttributes.map((a) => a.name);
  if (v.target && !targetOptions.includes(v.target)) targetOptions.unshift(v.target);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.apply();
      }}
      className="space-y-4"
    >
      <fieldset disabled={readOnly} className="min-w-0 space-y-4">
        <MappingTypeField id={id} form={form} />
        <SourceField id={id} form={form} sourceAttributes={sourceAttributes} readOnly={readOnly} />

        {/* Test expression runs server actions, which proxy.ts refuses for Readers. */}
        {readOnly ? null : (
          <TestExpressionBox
            applicationId={applicationId}
            objectType={objectType}
            mapping={{ mappingType: v.mappingType, source: form.source, defaultValue: v.defaultValue || null }}
            canTest={form.testable && form.source.trim() !== ""}
            actions={actions}
          />
        )}

        {v.mappingType !== "Constant" ? (
          <Field
            label="Default value if null (optional)"
            htmlFor={`${id}-default`}
            hint="Sent on create when the value is null or empty."
          >
            <Input id={`${id}-default`} value={v.defaultValue} onChange={(e) => set("defaultValue", e.target.value)} />
          </Field>
        ) : null}

        <Field
          label="Target attribute"
          htmlFor={`${id}-target`}
          error={show("target")}
          hint={readOnly ? undefined : "From the target's attribute list. Add attributes with “Edit attribute list”."}
        >
          <Select
            id={`${id}-target`}
            value={v.target}
            onChange={(e) => set("target", e.target.value)}
            aria-invalid={show("target") ? true : undefined}
          >
            <option value="">Choose a target attribute</option>
            {targetOptions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>

        <MatchingFieldset id={id} form={form} />

        <Field label="Apply this mapping" htmlFor={`${id}-apply`}>
          <Select
            id={`${id}-apply`}
            value={v.applyOn}
            onChange={(e) => set("applyOn", e.target.value as DraftMapping["applyOn"])}
          >
            <option value="Always">Always</option>
            <option value="CreateOnly">Only during object creation</option>
          </Select>
        </Field>
      </fieldset>

      <div className="flex items-center gap-2 border-t border-slate-200 pt-3">
        {readOnly ? (
          <Button onClick={onCancel}>Close</Button>
        ) : (
          <>
            <Button type="submit" variant="primary">
              OK
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
            {form.submitted && Object.keys(form.errors).length > 0 ? (
              <p className="text-sm text-red-700" role="alert">
                Correct the highlighted fields.
              </p>
            ) : (
              <p className="text-xs text-slate-500">OK keeps the change on the page; Save there writes it.</p>
            )}
          </>
        )}
      </div>
    </form>
  );
}
