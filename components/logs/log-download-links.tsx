"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";

/**
 * "Download CSV" and "Download JSON". A click first asks the server to hold a download slot (few downloads
 * run at once); when it is refused, the reason shows here instead of a failed download in the browser. The
 * download itself is the browser's own (streamed to disk), started with the slot's ticket. Without
 * JavaScript the links download directly.
 */
export function LogDownloadLinks({ href }: { href: (format: "csv" | "json") => string }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  async function start(e: React.MouseEvent<HTMLAnchorElement>, url: string) {
    e.preventDefault();
    if (starting) return;
    setStarting(true);
    setRefusal(null);
    try {
      const res = await fetch(`/api/logs/export?prepare=1`, { cache: "no-store" });
      const body = (await res.json().catch(() => ({}))) as { ticket?: string; error?: string };
      if (!res.ok || !body.ticket) {
        setRefusal(body.error ?? `The download could not start (HTTP ${res.status}). Try again.`);
        return;
      }
      const a = document.createElement("a");
      a.href = `${url}&ticket=${encodeURIComponent(body.ticket)}`;
      a.download = "";
      a.click();
    } catch {
      setRefusal("The download could not start: the server did not answer. Try again.");
    } finally {
      setStarting(false);
    }
  }

  return (
    <>
      {(["csv", "json"] as const).map((format) => (
        <a
          key={format}
          className={buttonClass("secondary")}
          href={href(format)}
          download
          aria-disabled={starting || undefined}
          onClick={(e) => void start(e, href(format))}
        >
          Download {format.toUpperCase()}
        </a>
      ))}
      {refusal ? (
        <div className="basis-full">
          <Alert tone="error" title="The download did not start">
            {refusal}
          </Alert>
        </div>
      ) : null}
    </>
  );
}
