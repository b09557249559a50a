"use client";

import { useMemo, useState } from "react";
import { validateExpression } from "@/lib/mapping/expression/parse-expression";
import { checkMappingRows } from "@/lib/mapping-config/check-mapping-rows";
import type { TargetAttributeView } from "@/lib/mapping-config/get-mapping-config";
import { sourceAttributesFor, type MappingObjectType } from "@/lib/mapping-config/source-attributes";
import { nextDraftKey } from "./draft-key";
import type { DraftMapping } from "./mapping-types";

type MappingType = DraftMapping["mappingType"];

/** The panel's fields. Each mapping type keeps its own source, so switching type and back loses nothing. */
export type PanelValues = {
  mappingType: MappingType;
  direct: string;
  constant: string;
  expression: string;
  defaultValue: string;
  target: string;
  matching: boolean;
  precedence: string;
  applyOn: DraftMapping["applyOn"];
};

function initialValues(editing: DraftMapping | null, others: DraftMapping[]): PanelValues {
  const nextPrecedence = Math.max(0, ...others.map((r) => r.matchingPrecedence ?? 0)) + 1;
  return {
    mappingType: editing?.mappingType ?? "Direct",
    direct: editing?.mappingType === "Direct" ? editing.source : "",
    constant: editing?.mappingType === "Constant" ? editing.source : "",
    // A direct mapping opened as an expression starts from its attribute.
    expression:
      editing?.mappingType === "Expression"
        ? editing.source
        : editing?.mappingType === "Direct"
          ? `[${editing.source}]`
          : "",
    defaultValue: editing?.defaultValue ?? "",
    target: editing?.target ?? "",
    matching: editing?.matchingPrecedence != null,
    precedence: String(editing?.matchingPrecedence ?? nextPrecedence),
    applyOn: editing?.applyOn ?? "Always",
  };
}

const sourceOf = (v: PanelValues) =>
  v.mappingType === "Direct" ? v.direct : v.mappingType === "Constant" ? v.constant : v.expression;
const precedenceOf = (v: PanelValues) => (/^\s*\d+\s*$/.test(v.precedence) ? Number(v.precedence) : NaN);

/** What is wrong with the panel's mapping, alone and next to the draft's other rows, by field. */
function checkPanel(opts: {
  v: PanelValues;
  others: DraftMapping[];
  objectType: MappingObjectType;
  targetAttributes: TargetAttributeView[];
}): Record<string, string> {
  const { v, others } = opts;
  const precedence = precedenceOf(v);
  const e: Record<string, string> = {};
  if (v.mappingType === "Direct" && !v.direct) e.source = "Choose a source attribute.";
  if (v.mappingType === "Constant" && v.constant.trim() === "") e.source = "Enter the constant value.";
  if (v.mappingType === "Expression") {
    if (v.expression.trim() === "") e.source = "Enter an expression.";
    else {
      const r = validateExpression(v.expression, { attributes: sourceAttributesFor(opts.objectType) });
      if (!r.ok) e.source = `Line ${r.error.line}, column ${r.error.column}: ${r.error.message}`;
    }
  }
  if (!v.target) e.target = "Choose a target attribute.";
  if (v.matching && !(precedence >= 1)) e.matchingPrecedence = "Enter a whole number, 1 or more (1 is tried first).";
  if (Object.keys(e).length > 0) return e;
  const candidate = [
    ...others,
    {
      mappingType: v.mappingType,
      source: sourceOf(v),
      target: v.target,
      matchingPrecedence: v.matching ? precedence : null,
    },
  ];
  const rowErrors = checkMappingRows({
    objectType: opts.objectType,
    rows: candidate,
    targetAttributeNames: opts.targetAttributes.map((a) => a.name),
    requireMatching: false,
  });
  const last = candidate.length - 1;
  for (const field of ["source", "target", "matchingPrecedence"]) {
    const m = rowErrors[`mappings.${last}.${field}`];
    if (m) e[field] = m;
  }
  return e;
}

/**
 * The Edit Attribute panel's form: its fields, their errors (shown once OK is pressed, the precedence's at
 * once), and OK, which hands the mapping to the page's draft.
 */
export function useMappingPanelForm(opts: {
  editing: DraftMapping | null;
  rows: DraftMapping[];
  objectType: MappingObjectType;
  targetAttributes: TargetAttributeView[];
  onApply: (row: DraftMapping) => void;
}) {
  const { editing, rows, objectType, targetAttributes, onApply } = opts;
  const others = useMemo(() => rows.filter((r) => r.key !== editing?.key), [rows, editing]);
  const [v, setValues] = useState(() => initialValues(editing, others));
  const [submitted, setSubmitted] = useState(false);
  const errors = useMemo(
    () => checkPanel({ v, others, objectType, targetAttributes }),
    [v, others, objectType, targetAttributes],
  );
  const source = sourceOf(v);

  return {
    v,
    set: <K extends keyof PanelValues>(key: K, value: PanelValues[K]) => setValues((s) => ({ ...s, [key]: value })),
    source,
    errors,
    submitted,
    show: (field: string) => (submitted || field === "matchingPrecedence" ? errors[field] : undefined),
    testable: v.mappingType !== "Expression" || (v.expression.trim() !== "" && !errors.source),
    apply() {
      setSubmitted(true);
      if (Object.keys(errors).length > 0) return;
      onApply({
        key: editing?.key ?? nextDraftKey("new"),
        mappingType: v.mappingType,
        source: v.mappingType === "Constant" ? source : source.trim(),
        target: v.target,
        defaultValue: v.mappingType !== "Constant" && v.defaultValue !== "" ? v.defaultValue : null,
        applyOn: v.applyOn,
        matchingPrecedence: v.matching ? precedenceOf(v) : null,
      });
    },
  };
}

export type MappingPanelForm = ReturnType<typeof useMappingPanelForm>;
