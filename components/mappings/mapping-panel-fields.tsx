import { Field, Input, Select } from "@/components/ui/field";
import { ExpressionField } from "./expression-field";
import type { DraftMapping } from "./mapping-types";
import type { MappingPanelForm } from "./use-mapping-panel-form";

const TYPE_HINTS: Record<DraftMapping["mappingType"], string> = {
  Direct: "Copies a directory attribute as it is.",
  Constant: "Sends the same text for every object.",
  Expression: "Computes the value with Entra's expression language.",
};

/** Mapping type: Direct, Constant or Expression. */
export function MappingTypeField({ id, form: { v, set } }: { id: string; form: MappingPanelForm }) {
  return (
    <Field label="Mapping type" htmlFor={`${id}-type`} hint={TYPE_HINTS[v.mappingType]}>
      <Select
        id={`${id}-type`}
        value={v.mappingType}
        onChange={(e) => set("mappingType", e.target.value as DraftMapping["mappingType"])}
      >
        <option value="Direct">Direct</option>
        <option value="Constant">Constant</option>
        <option value="Expression">Expression</option>
      </Select>
    </Field>
  );
}

/** The source for the chosen type: a directory attribute, a constant, or an expression. */
export function SourceField({
  id,
  form: { v, set, show, errors },
  sourceAttributes,
  readOnly,
}: {
  id: string;
  form: MappingPanelForm;
  sourceAttributes: readonly string[];
  readOnly: boolean;
}) {
  if (v.mappingType === "Direct") {
    return (
      <Field label="Source attribute" htmlFor={`${id}-source`} error={show("source")}>
        <Select
          id={`${id}-source`}
          value={v.direct}
          onChange={(e) => set("direct", e.target.value)}
          aria-invalid={show("source") ? true : undefined}
        >
          <option value="">Choose a source attribute</option>
          {!sourceAttributes.includes(v.direct) && v.direct ? <option value={v.direct}>{v.direct}</option> : null}
          {sourceAttributes.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      </Field>
    );
  }
  if (v.mappingType === "Constant") {
    return (
      <Field label="Constant value" htmlFor={`${id}-constant`} error={show("source")}>
        <Input
          id={`${id}-constant`}
          value={v.constant}
          onChange={(e) => set("constant", e.target.value)}
          aria-invalid={show("source") ? true : undefined}
        />
      </Field>
    );
  }
  return (
    <div className="space-y-1">
      <label htmlFor={`${id}-expression`} className="block text-sm font-medium text-slate-800">
        Expression
      </label>
      {/* The field shows parse errors itself, as the admin types; other errors come from the row checks. */}
      <ExpressionField
        id={`${id}-expression`}
        value={v.expression}
        onChange={(value) => set("expression", value)}
        attributes={sourceAttributes}
        readOnly={readOnly}
        serverError={errors.source && !errors.source.startsWith("Line") ? show("source") : undefined}
      />
    </div>
  );
}

/** Matching: whether this attribute identifies existing objects in the target, and in which order. */
export function MatchingFieldset({ id, form: { v, set, show } }: { id: string; form: MappingPanelForm }) {
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 px-3 py-2">
      <legend className="px-1 text-sm font-medium text-slate-800">Matching</legend>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={v.matching}
          onChange={(e) => set("matching", e.target.checked)}
          className="h-4 w-4"
        />
        Match objects using this attribute
      </label>
      {v.matching ? (
        <Field
          label="Matching precedence"
          htmlFor={`${id}-precedence`}
          error={show("matchingPrecedence")}
          hint="When several attributes match objects, 1 is tried first."
        >
          <Input
            id={`${id}-precedence`}
            inputMode="numeric"
            value={v.precedence}
            onChange={(e) => set("precedence", e.target.value)}
            className="w-28"
            aria-invalid={show("matchingPrecedence") ? true : undefined}
          />
        </Field>
      ) : null}
    </fieldset>
  );
}
