"use client";

import { useState } from "react";
import Link from "next/link";
import type { OutboxMessageView } from "@/lib/notify/list-outbox-messages";
import { Badge } from "@/components/ui/badge";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

const deliveryTone = { Outbox: "blue", Sent: "green", Failed: "red" } as const;
const deliveryLabel = { Outbox: "In outbox", Sent: "Sent", Failed: "Not delivered" } as const;
const kindLabel: Record<string, string> = {
  Quarantine: "Quarantine",
  TooManyDeletes: "Deletion threshold",
  CycleFailed: "Cycle failed",
  Test: "Test",
};

/** Messages as a list; each opens to show its text (plain text, as sent). */
export function OutboxMessageList({ messages }: { messages: OutboxMessageView[] }) {
  const [open, setOpen] = useState<number | null>(messages[0]?.id ?? null);
  return (
    <ul
      className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm"
      aria-label="Messages"
    >
      {messages.map((m) => {
        const expanded = open === m.id;
        return (
          <li key={m.id}>
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={`message-${m.id}`}
              onClick={() => setOpen(expanded ? null : m.id)}
              className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600"
            >
              <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{m.subject}</span>
              <Badge tone={deliveryTone[m.delivery as keyof typeof deliveryTone] ?? "neutral"}>
                {deliveryLabel[m.delivery as keyof typeof deliveryLabel] ?? m.delivery}
              </Badge>
              <span className="w-full text-xs text-slate-600 sm:w-auto">
                To {m.to} · {kindLabel[m.kind] ?? m.kind} · {formatTimestamp(m.createdAt)}
              </span>
            </button>
            {expanded ? (
              <div id={`message-${m.id}`} className="space-y-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3">
                <dl className="grid grid-cols-[5rem_1fr] gap-y-0.5 text-xs text-slate-700">
                  <dt className="text-slate-500">From</dt>
                  <dd>{m.from}</dd>
                  <dt className="text-slate-500">To</dt>
                  <dd>{m.to}</dd>
                  {m.applicationId ? (
                    <>
                      <dt className="text-slate-500">Application</dt>
                      <dd>
                        <Link
                          href={`/applications/${m.applicationId}/provisioning`}
                          className="text-blue-700 hover:underline"
                        >
                          {m.applicationName ?? "(deleted application)"}
                        </Link>
                      </dd>
                    </>
                  ) : null}
                  {m.error ? (
                    <>
                      <dt className="text-slate-500">Error</dt>
                      <dd className="text-red-700">{m.error}</dd>
                    </>
                  ) : null}
                </dl>
                <pre className="whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-3 font-sans text-sm text-slate-800">
                  {m.text}
                </pre>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
