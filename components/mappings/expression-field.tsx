"use client";

import { useId, useMemo, useRef, useState } from "react";
import { FUNCTION_SIGNATURES } from "@/lib/mapping/expression/function-signatures";
import { validateExpression } from "@/lib/mapping/expression/parse-expression";
import { inputClass } from "@/components/ui/field";

type ExpressionError = Extract<ReturnType<typeof validateExpression>, { ok: false }>["error"];

/**
 * The Expression textarea. It is checked as the admin types: the message, its line and column, and the
 * offending text underlined in a copy of that line. A function reference inserts a call at the caret.
 */
export function ExpressionField({
  id,
  value,
  onChange,
  serverError,
  attributes,
  readOnly = false,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  serverError?: string;
  /** The source directory's attributes: any other [name] is an error with a suggestion. */
  attributes?: readonly string[];
  /** Shows the expression and whether it is valid, without the function reference (it only inserts calls). */
  readOnly?: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const statusId = useId();
  const validation = useMemo(
    () => (value.trim() === "" ? null : validateExpression(value, { attributes })),
    [value, attributes],
  );
  const error = validation && !validation.ok ? validation.error : null;

  function insert(text: string) {
    const el = ref.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + text + value.slice(end);
    onChange(next);
    requestAnimationFrame(() => {
      el?.focus();
      const caret = start + text.indexOf("(") + 1;
      el?.setSelectionRange(caret, caret);
    });
  }

  return (
    <div className="space-y-2">
      <textarea
        ref={ref}
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        readOnly={readOnly}
        rows={4}
        spellCheck={false}
        maxLength={10_000}
        aria-invalid={error || serverError ? true : undefined}
        aria-describedby={statusId}
        className={`${inputClass} font-mono text-xs`}
        placeholder='Join("@", [mailNickname], "example.com")'
      />
      <div id={statusId} aria-live="polite">
        {error ? (
          <ExpressionErrorView value={value} error={error} />
        ) : serverError ? (
          <p className="text-xs text-red-700" role="alert">
            {serverError}
          </p>
        ) : validation?.ok ? (
          <p className="text-xs text-emerald-700">The expression is valid.</p>
        ) : (
          <p className="text-xs text-slate-500">
            Attributes in square brackets, text in double quotes:{" "}
            <code className="font-mono">Join(&quot;@&quot;, [mailNickname], &quot;example.com&quot;)</code>. Names of
            functions are case-sensitive.
          </p>
        )}
      </div>
      {readOnly ? null : <FunctionReference id={id} onInsert={insert} />}
    </div>
  );
}

/** The parse error: its message, line and column, and the offending text underlined in a copy of its line. */
function ExpressionErrorView({ value, error }: { value: string; error: ExpressionError }) {
  const line = value.split("\n")[error.line - 1] ?? "";
  const start = Math.min(error.column - 1, line.length);
  const length = Math.max(1, Math.min(error.length, Math.max(1, line.length - start)));
  return (
    <div
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-900"
      data-testid="expression-error"
    >
      <p>
        <span className="font-medium">
          Line {error.line}, column {error.column}:
        </span>{" "}
        {error.message}
      </p>
      <pre className="mt-1.5 overflow-x-auto whitespace-pre font-mono text-[11px] text-slate-800" aria-hidden="true">
        {line.slice(0, start)}
        <span className="rounded-sm bg-red-200/70 underline decoration-red-600 decoration-wavy underline-offset-2">
          {line.slice(start, start + length) || " "}
        </span>
        {line.slice(start + length)}
      </pre>
    </div>
  );
}

/** The function reference: find a function by name; choosing one inserts a call. */
function FunctionReference({ id, onInsert }: { id: string; onInsert: (text: string) => void }) {
  const [filter, setFilter] = useState("");
  const functions = FUNCTION_SIGNATURES.filter((f) => f.name.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <details className="rounded-md border border-slate-200 text-sm">
      <summary className="cursor-pointer px-3 py-1.5 text-slate-700">Function reference</summary>
      <div className="border-t border-slate-100 px-3 py-2">
        <label className="sr-only" htmlFor={`${id}-fn-filter`}>
          Find a function
        </label>
        <input
          id={`${id}-fn-filter`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Find a function"
          className={`${inputClass} mb-2`}
        />
        <ul className="max-h-48 space-y-1 overflow-y-auto">
          {functions.map((f) => (
            <li key={f.name}>
              <button
                type="button"
                onClick={() => onInsert(`${f.name}()`)}
                className="w-full rounded px-2 py-1 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                <span className="font-mono text-xs text-blue-800">{f.signature}</span>
                <span className="block text-xs text-slate-600">{f.description}</span>
              </button>
            </li>
          ))}
          {functions.length === 0 ? <li className="px-2 py-1 text-xs text-slate-500">No function matches.</li> : null}
        </ul>
      </div>
    </details>
  );
}
