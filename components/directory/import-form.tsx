"use client";

import { detectImportEncoding } from "@/lib/directory/decode-import-file";
import { useEffect, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import type { ImportOutcome } from "@/lib/directory/import-types";
import { ImportRowErrors, ImportSucceeded } from "./import-outcome";
import { useHydrated } from "./use-hydrated";

const MAX_BYTES = 20 * 1024 * 1024;

function sniff(head: string, name: string): string {
  const start = head.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return "Microsoft Graph JSON";
  if (/^version:/i.test(start)) return "Entra bulk-create CSV (version:v1.0)";
  if (name.toLowerCase().endsWith(".json")) return "JSON (will be read as Microsoft Graph JSON)";
  if (name.toLowerCase().endsWith(".csv")) return "CSV without the version:v1.0 line";
  return "Unrecognised: expected Microsoft Graph JSON or Entra's bulk-create CSV";
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * How long the import has run, redrawn once a second. Not a pulsing dot: an animation that runs for the
 * whole import redraws the page sixty times a second, which on a machine without a graphics card (a VM, a
 * remote desktop) costs a full core for a minute. Outside the status line, so a screen reader announces the
 * import once, not every second.
 */
function ElapsedTime() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="text-xs text-slate-500 tabular-nums" data-testid="import-elapsed">
      Running for {seconds} s
    </p>
  );
}

/** Bulk import: choose a file, see its detected format, import it all or nothing, and read the outcome. */
export function ImportForm({ action }: { action: (formData: FormData) => Promise<ActionResult<ImportOutcome>> }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; size: number; format: string } | null>(null);
  const [result, setResult] = useState<ActionResult<ImportOutcome> | null>(null);
  const [pending, startTransition] = useTransition();
  const tooLarge = file !== null && file.size > MAX_BYTES;
  const hydrated = useHydrated();

  // A file chosen before the page finished loading is picked up once React runs.
  useEffect(() => {
    const chosen = inputRef.current?.files?.[0];
    if (chosen) void onChoose(chosen);
  }, []);

  async function onChoose(f: File | undefined) {
    setResult(null);
    if (!f) {
      setFile(null);
      return;
    }
    // Read the head as the server will (byte order mark, UTF-16), so the preview names the right format.
    const bytes = new Uint8Array(await f.slice(0, 512).arrayBuffer());
    const { encoding, markBytes } = detectImportEncoding(bytes);
    const head = new TextDecoder(encoding).decode(bytes.subarray(markBytes));
    setFile({ name: f.name, size: f.size, format: sniff(head, f.name) });
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file || tooLarge) return;
    const formData = new FormData(e.currentTarget);
    setResult(null);
    startTransition(async () => {
      try {
        setResult(await action(formData));
      } catch {
        setResult({
          ok: false,
          error:
            "The upload failed before the server could read the file (it may be larger than the server accepts). Nothing was imported.",
        });
      }
    });
  }

  const outcome = result?.ok ? result.data : null;
  return (
    <div className="space-y-5">
      <form
        onSubmit={onSubmit}
        method="post"
        encType="multipart/form-data"
        className="space-y-4"
        aria-label="Import file"
      >
        <div className="space-y-1">
          <label htmlFor="import-file" className="block text-sm font-medium text-slate-800">
            File to import
          </label>
          <input
            ref={inputRef}
            id="import-file"
            name="file"
            type="file"
            accept=".json,.csv,application/json,text/csv"
            onChange={(e) => void onChoose(e.target.files?.[0])}
            aria-describedby="import-file-hint"
            className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
          />
          <p id="import-file-hint" className="text-xs text-slate-500">
            .json or .csv, at most 20 MB.
          </p>
        </div>
        {file ? (
          <dl className="grid max-w-xl grid-cols-[9rem_1fr] gap-y-1 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
            <dt className="text-slate-500">File</dt>
            <dd className="break-all text-slate-900">
              {file.name} <span className="text-slate-500">({formatSize(file.size)})</span>
            </dd>
            <dt className="text-slate-500">Detected format</dt>
            <dd className="text-slate-900" data-testid="detected-format">
              {file.format}
            </dd>
          </dl>
        ) : null}
        {tooLarge ? (
          <Alert tone="error">
            This file is {formatSize(file!.size)}. The largest file Provisio imports is 20 MB; split it into smaller
            files.
          </Alert>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={!hydrated || !file || tooLarge || pending}>
            {pending ? "Importing…" : "Import"}
          </Button>
          {pending ? (
            <div className="space-y-1">
              <p role="status" className="text-sm text-slate-600" data-testid="import-progress">
                <span aria-hidden="true" className="mr-2 inline-block h-2 w-2 rounded-full bg-blue-600" />
                Importing {file?.name}: every row is checked, then all are saved at once. A file of 100,000 users takes
                about half a minute; the rest of Provisio keeps working meanwhile.
              </p>
              <ElapsedTime />
            </div>
          ) : null}
        </div>
      </form>

      {result && !result.ok ? (
        <Alert tone="error" title="Nothing was imported">
          {result.error}
        </Alert>
      ) : null}

      {outcome?.status === "imported" ? <ImportSucceeded outcome={outcome} /> : null}
      {outcome?.status === "invalid" ? <ImportRowErrors outcome={outcome} /> : null}
    </div>
  );
}
