"use client";

import { useId, useMemo, useState } from "react";
import { validateExpression } from "@/lib/mapping/expression/parse-expression";
import { checkMappingRows } from "@/lib/mapping-config/check-mapping-rows";
import type { TargetAttributeView } from "@/lib/mapping-config/get-mapping-config";
import type { MappingObjectType } from "@/lib/mapping-config/source-attributes";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ExpressionField } from "./expression-field";
import { SidePanel } from "./side-panel";
import { nextDraftKey } from "./draft-key";
import { TestExpressionBox } from "./test-expression-box";
import type { DraftMapping, MappingEditorActions } from "./mapping-types";

type MappingType = DraftMapping["mappingType"];

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
  const [mappingType, setMappingType] = useState<MappingType>(editing?.mappingType ?? "Direct");
  const [direct, setDirect] = useState(editing?.mappingType === "Direct" ? editing.source : "");
  const [constant, setConstant] = useState(editing?.mappingType === "Constant" ? editing.source : "");
  const [expression, setExpression] = useState(
    editing?.mappingType === "Expression"
      ? editing.source
      : editing?.mappingType === "Direct"
        ? `[${editing.source}]`
        : "",
  );
  const [defaultValue, setDefaultValue] = useState(editing?.defaultValue ?? "");
  const [target, setTarget] = useState(editing?.target ?? "");
  const others = rows.filter((r) => r.key !== editing?.key);
  const nextPrecedence = Math.max(0, ...others.map((r) => r.matchingPrecedence ?? 0)) + 1;
  const [matching, setMatching] = useState(editing?.matchingPrecedence != null);
  const [precedence, setPrecedence] = useState(String(editing?.matchingPrecedence ?? nextPrecedence));
  const [applyOn, setApplyOn] = useState<DraftMapping["applyOn"]>(editing?.applyOn ?? "Always");
  const [submitted, setSubmitted] = useState(false);

  const source = mappingType === "Direct" ? direct : mappingType === "Constant" ? constant : expression;
  const precedenceNumber = /^\s*\d+\s*$/.test(precedence) ? Number(precedence) : NaN;

  const errors = useMemo(() => {
    const e: Record<string, string> = {};
    if (mappingType === "Direct" && !direct) e.source = "Choose a source attribute.";
    if (mappingType === "Constant" && constant.trim() === "") e.source = "Enter the constant value.";
    if (mappingType === "Expression") {
      if (expression.trim() === "") e.source = "Enter an expression.";
      else {
        const v = validateExpression(expression);
        if (!v.ok) e.source = `Line ${v.error.line}, column ${v.error.column}: ${v.error.message}`;
      }
    }
    if (!target) e.target = "Choose a target attribute.";
    if (matching && !(precedenceNumber >= 1))
      e.matchingPrecedence = "Enter a whole number, 1 or more (1 is tried first).";
    if (Object.keys(e).length === 0) {
      const candidate = [
        ...others,
        { mappingType, source, target, matchingPrecedence: matching ? precedenceNumber : null },
      ];
      const rowErrors = checkMappingRows({
        objectType,
        rows: candidate,
        targetAttributeNames: targetAttributes.map((a) => a.name),
        requireMatching: false,
      });
      const last = candidate.length - 1;
      for (const field of ["source", "target", "matchingPrecedence"]) {
        const m = rowErrors[`mappings.${last}.${field}`];
        if (m) e[field] = m;
      }
    }
    return e;
  }, [
    mappingType,
    direct,
    constant,
    expression,
    target,
    matching,
    precedenceNumber,
    others,
    source,
    objectType,
    targetAttributes,
  ]);

  const show = (field: string) => (submitted || field === "matchingPrecedence" ? errors[field] : undefined);
  const testable = mappingType !== "Expression" || (expression.trim() !== "" && !errors.source);

  function apply() {
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    onApply({
      key: editing?.key ?? nextDraftKey("new"),
      mappingType,
      source: mappingType === "Constant" ? source : source.trim(),
      target,
      defaultValue: mappingType !== "Constant" && defaultValue !== "" ? defaultValue : null,
      applyOn,
      matchingPrecedence: matching ? precedenceNumber : null,
    });
  }

  const targetOptions = targetAttributes.map((a) => a.name);
  if (target && !targetOptions.includes(target)) targetOptions.unshift(target);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      className="space-y-4"
    >
      <fieldset disabled={readOnly} className="min-w-0 space-y-4">
        <Field
          label="Mapping type"
          htmlFor={`${id}-type`}
          hint={
            mappingType === "Direct"
              ? "Copies a directory attribute as it is."
              : mappingType === "Constant"
                ? "Sends the same text for every object."
                : "Computes the value with Entra's expression language."
          }
        >
          <Select id={`${id}-type`} value={mappingType} onChange={(e) => setMappingType(e.target.value as MappingType)}>
            <option value="Direct">Direct</option>
            <option value="Constant">Constant</option>
            <option value="Expression">Expression</option>
          </Select>
        </Field>

        {mappingType === "Direct" ? (
          <Field label="Source attribute" htmlFor={`${id}-source`} error={show("source")}>
            <Select
              id={`${id}-source`}
              value={direct}
              onChange={(e) => setDirect(e.target.value)}
              aria-invalid={show("source") ? true : undefined}
            >
              <option value="">Choose a source attribute</option>
              {!sourceAttributes.includes(direct) && direct ? <option value={direct}>{direct}</option> : null}
              {sourceAttributes.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          </Field>
        ) : mappingType === "Constant" ? (
          <Field label="Constant value" htmlFor={`${id}-constant`} error={show("source")}>
            <Input
              id={`${id}-constant`}
              value={constant}
              onChange={(e) => setConstant(e.target.value)}
              aria-invalid={show("source") ? true : undefined}
            />
          </Field>
        ) : (
          <div className="space-y-1">
            <label htmlFor={`${id}-expression`} className="block text-sm font-medium text-slate-800">
              Expression
            </label>
            <ExpressionField
              id={`${id}-expression`}
              value={expression}
              onChange={setExpression}
              readOnly={readOnly}
              serverError={errors.source && !errors.source.startsWith("Line") ? show("source") : undefined}
            />
          </div>
        )}

        {/* Test expression runs server actions, which proxy.ts refuses for Readers. */}
        {readOnly ? null : (
          <TestExpressionBox
            applicationId={applicationId}
            objectType={objectType}
            mapping={{ mappingType, source, defaultValue: defaultValue || null }}
            canTest={testable && source.trim() !== ""}
            actions={actions}
          />
        )}

        {mappingType !== "Constant" ? (
          <Field
            label="Default value if null (optional)"
            htmlFor={`${id}-default`}
            hint="Sent on create when the value is null or empty."
          >
            <Input id={`${id}-default`} value={defaultValue} onChange={(e) => setDefaultValue(e.target.value)} />
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
            value={target}
            onChange={(e) => setTarget(e.target.value)}
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

        <fieldset className="space-y-2 rounded-md border border-slate-200 px-3 py-2">
          <legend className="px-1 text-sm font-medium text-slate-800">Matching</legend>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={matching}
              onChange={(e) => setMatching(e.target.checked)}
              className="h-4 w-4"
            />
            Match objects using this attribute
          </label>
          {matching ? (
            <Field
              label="Matching precedence"
              htmlFor={`${id}-precedence`}
              error={show("matchingPrecedence")}
              hint="When several attributes match objects, 1 is tried first."
            >
              <Input
                id={`${id}-precedence`}
                inputMode="numeric"
                value={precedence}
                onChange={(e) => setPrecedence(e.target.value)}
                className="w-28"
                aria-invalid={show("matchingPrecedence") ? true : undefined}
              />
            </Field>
          ) : null}
        </fieldset>

        <Field label="Apply this mapping" htmlFor={`${id}-apply`}>
          <Select
            id={`${id}-apply`}
            value={applyOn}
            onChange={(e) => setApplyOn(e.target.value as DraftMapping["applyOn"])}
          >
            <option value="Always">Always</option>
            <option value="CreateOnly">Only during object creation</option>
          </Select>
        </Field>
      </fieldset>

      {readOnly ? (
        <div className="flex items-center gap-2 border-t border-slate-200 pt-3">
          <Button onClick={onCancel}>Close</Button>
        </div>
      ) : (
        <div className="flex items-center gap-2 border-t border-slate-200 pt-3">
          <Button type="submit" variant="primary">
            OK
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
          {submitted && Object.keys(errors).length > 0 ? (
            <p className="text-sm text-red-700" role="alert">
              Correct the highlighted fields.
            </p>
          ) : (
            <p className="text-xs text-slate-500">OK keeps the change on the page; Save there writes it.</p>
          )}
        </div>
      )}
    </form>
  );
}
