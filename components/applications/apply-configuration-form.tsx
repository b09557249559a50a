"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { ApplyConfigurationResult } from "@/lib/config-as-code/apply-configuration";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { ConfigurationChangesList, ConfigurationProblemsList } from "./configuration-changes-list";

type ApplyAction = (input: {
  applicationId: string;
  document: string;
  dryRun: boolean;
}) => Promise<ActionResult<ApplyConfigurationResult>>;

const MAX_BYTES = 2_000_000;

/** Paste or load a configuration document, preview what it changes (a dry run), then apply exactly that. */
export function ApplyConfigurationForm({ applicationId, action }: { applicationId: string; action: ApplyAction }) {
  const id = useId();
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<{ text: string; result: ActionResult<ApplyConfigurationResult> } | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (dryRun: boolean) =>
    startTransition(async () => {
      const result = await action({ applicationId, document: text, dryRun });
      setOutcome({ text, result });
    });
  const result = outcome?.result;
  const previewed = result?.ok && result.data.dryRun && outcome?.text === text ? result.data : null;
  const applied = result?.ok && !result.data.dryRun ? result.data : null;

  async function load(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setOutcome({ text: "", result: { ok: false, error: `${file.name} is larger than 2 MB.` } });
      return;
    }
    setText(await file.text());
    setOutcome(null);
  }

  return (
    <Card
      title="Apply a configuration document"
      description="The application becomes what the document says: settings, mappings, scoping filters and assignments not in it are removed. Preview first; nothing changes until you apply."
    >
      <div className="space-y-3">
        <Field label="Configuration document (JSON)" htmlFor={id} hint="Paste a document, or load it from a file.">
          <textarea
            id={id}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={12}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
          />
        </Field>
        <div className="flex flex-wrap items-center gap-2">
          <label className="cursor-pointer text-sm text-blue-700 hover:underline">
            Load from file
            <input
              type="file"
              accept="application/json,.json"
              className="sr-only"
              onChange={(e) => void load(e.target.files?.[0])}
            />
          </label>
          <span className="flex-1" />
          <Button onClick={() => run(true)} disabled={pending || text.trim() === ""}>
            {pending && !previewed ? "Checking…" : "Preview changes"}
          </Button>
          <Button
            variant="primary"
            onClick={() => run(false)}
            disabled={pending || !previewed || previewed.changes.length === 0}
          >
            {previewed && previewed.changes.length > 0 ? `Apply ${previewed.changes.length} changes` : "Apply"}
          </Button>
        </div>
        <ApplyOutcome
          result={result}
          previewed={previewed}
          applied={applied}
          stale={!!outcome && outcome.text !== text}
        />
      </div>
    </Card>
  );
}

function ApplyOutcome({
  result,
  previewed,
  applied,
  stale,
}: {
  result: ActionResult<ApplyConfigurationResult> | undefined;
  previewed: ApplyConfigurationResult | null;
  applied: ApplyConfigurationResult | null;
  stale: boolean;
}) {
  if (!result) return null;
  if (!result.ok) {
    return (
      <Alert tone="error">
        <p>{result.error}</p>
        {result.fieldErrors ? <ConfigurationProblemsList problems={result.fieldErrors} /> : null}
      </Alert>
    );
  }
  if (applied) {
    return applied.changes.length === 0 ? (
      <Alert tone="success">Nothing to change: the application already matches this document.</Alert>
    ) : (
      <div className="space-y-2">
        <Alert tone="success">Applied {applied.changes.length} changes. The next cycle uses them.</Alert>
        <ConfigurationChangesList changes={applied.changes} label="Changes applied" />
      </div>
    );
  }
  if (stale) return <Alert>The document changed since the preview. Preview it again before applying.</Alert>;
  if (!previewed) return null;
  return previewed.changes.length === 0 ? (
    <Alert tone="success">No changes: the application already matches this document.</Alert>
  ) : (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-800">
        {previewed.changes.length} changes would be made. Nothing has changed yet.
      </p>
      <ConfigurationChangesList changes={previewed.changes} label="Changes to apply" />
    </div>
  );
}
