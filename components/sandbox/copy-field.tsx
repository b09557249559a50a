"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/** A read-only value with a Copy button (Tenant URL, Secret Token). */
/** `copyLabel` names the button; keep it free of the field's label so getByLabel(label) finds only the input. */
export function CopyField({
  id,
  label,
  copyLabel,
  value,
  hint,
  monospace = true,
}: {
  id: string;
  label: string;
  copyLabel: string;
  value: string;
  hint?: string;
  monospace?: boolean;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard access can be refused (http, permissions): select the text so Ctrl+C works.
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 2500);
  }

  return (
    <Field label={label} htmlFor={id} hint={hint}>
      <div className="flex gap-2">
        <Input
          id={id}
          readOnly
          value={value}
          className={monospace ? "font-mono text-xs" : ""}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button onClick={copy} aria-label={copyLabel} className="shrink-0">
          {state === "copied" ? "Copied" : "Copy"}
        </Button>
      </div>
      <p aria-live="polite" className="sr-only">
        {state === "copied"
          ? `${label} copied to the clipboard`
          : state === "failed"
            ? `Could not copy; ${label} is selected, press Ctrl+C`
            : ""}
      </p>
    </Field>
  );
}
