"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { ExpressionTestResult } from "@/lib/mapping-config/test-expression";
import type { MappingObjectType } from "@/lib/mapping-config/source-attributes";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { MappingEditorActions } from "./mapping-types";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * "Test expression": pick a directory user (or group) and evaluate the mapping as it stands in the panel,
 * unsaved. Shows the value, null, or that the attribute is not sent.
 */
export function TestExpressionBox({
  applicationId,
  objectType,
  mapping,
  canTest,
  actions,
}: {
  applicationId: string;
  objectType: MappingObjectType;
  mapping: { mappingType: "Direct" | "Constant" | "Expression"; source: string; defaultValue: string | null };
  canTest: boolean;
  actions: Pick<MappingEditorActions, "testExpression" | "searchPrincipals">;
}) {
  const searchId = useId();
  const noun = objectType === "User" ? "user" : "group";
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<{ id: string; name: string; detail: string } | null>(null);
  const debounced = useDebounced(query, 250);
  const results = useQuery({
    queryKey: ["test-principals", objectType, debounced],
    queryFn: async () => {
      const r = await actions.searchPrincipals({ objectType, query: debounced });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    enabled: picked === null,
  });
  const test = useMutation({
    mutationFn: async () => {
      const r = await actions.testExpression({ applicationId, objectType, principalId: picked!.id, ...mapping });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });

  return (
    <section aria-labelledby={`${searchId}-title`} className="rounded-md border border-slate-200 bg-slate-50/60 p-3">
      <h3 id={`${searchId}-title`} className="text-sm font-semibold text-slate-900">
        Test expression
      </h3>
      <p className="mt-0.5 text-xs text-slate-600">
        Evaluate this mapping, as it stands here, on a directory {noun}. Nothing is saved or sent.
      </p>
      {picked ? (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <span>
            Test on <span className="font-medium">{picked.name}</span>{" "}
            <span className="text-slate-500">({picked.detail})</span>
          </span>
          <Button
            variant="ghost"
            onClick={() => {
              setPicked(null);
              test.reset();
            }}
          >
            Change {noun}
          </Button>
        </div>
      ) : (
        <div className="mt-2 space-y-1">
          <label htmlFor={searchId} className="block text-xs font-medium text-slate-700">
            Search for a {noun}
          </label>
          <input
            id={searchId}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={objectType === "User" ? "Name or user principal name" : "Group name"}
            className={inputClass}
          />
          <div aria-live="polite">
            {results.isPending ? (
              <p className="text-xs text-slate-500">Searching…</p>
            ) : results.isError ? (
              <p className="text-xs text-red-700">{results.error.message}</p>
            ) : results.data.length === 0 ? (
              <p className="text-xs text-slate-500">
                No {noun} matches “{debounced}”.
              </p>
            ) : (
              <ul
                className="max-h-40 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 bg-white"
                aria-label={`Matching ${noun}s`}
              >
                {results.data.map((p) => (
                  <li key={p.id}>
                    <button
                      type="button"
                      onClick={() => {
                        setPicked(p);
                        test.reset();
                      }}
                      className="w-full px-2.5 py-1.5 text-left text-sm hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600"
                    >
                      {p.name} <span className="text-xs text-slate-500">{p.detail}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      <div className="mt-3 flex items-center gap-2">
        <Button onClick={() => test.mutate()} disabled={!picked || !canTest || test.isPending}>
          {test.isPending ? "Testing…" : "Test expression"}
        </Button>
        {!canTest ? <span className="text-xs text-slate-500">Fix the mapping first.</span> : null}
      </div>
      <div aria-live="polite" className="mt-2">
        {test.isError ? <p className="text-sm text-red-700">{test.error.message}</p> : null}
        {test.data ? <TestOutcome result={test.data} /> : null}
      </div>
    </section>
  );
}

function TestOutcome({ result }: { result: ExpressionTestResult }) {
  const o = result.outcome;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm" data-testid="expression-test-result">
      <p className="text-xs text-slate-500">Result for {result.principal.detail}</p>
      {o.kind === "value" ? (
        <p className="mt-0.5 break-all font-mono text-sm text-slate-900">{o.value}</p>
      ) : o.kind === "null" ? (
        <p className="mt-0.5">
          <span className="font-mono">null</span>{" "}
          <span className="text-slate-600">(no value: the target attribute is sent empty)</span>
        </p>
      ) : o.kind === "notSent" ? (
        <p className="mt-0.5 font-medium text-slate-800">
          Attribute not sent (the target attribute is left out of the request).
        </p>
      ) : (
        <p className="mt-0.5 text-red-700">{o.message}</p>
      )}
      {o.kind === "value" && o.redacted ? (
        <p className="mt-1 text-xs text-slate-500">Redact() is used: the provisioning logs show [Redact] instead.</p>
      ) : null}
      {result.defaultApplies !== null ? (
        <p className="mt-1 text-xs text-slate-600">
          On create, the default value “{result.defaultApplies}” is sent instead.
        </p>
      ) : null}
    </div>
  );
}
