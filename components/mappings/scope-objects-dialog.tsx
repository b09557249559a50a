"use client";

import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ScopeObjectPage } from "@/lib/mapping-config/list-scope-objects";
import { ModalDialog } from "@/components/applications/modal-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useDebounced } from "@/components/ui/use-debounced";
import type { ScopeObjectsQuery } from "./scoping-draft";

export type ScopeSide = { outcome: ScopeObjectsQuery["outcome"]; title: string; count: number };
export type BrowseScope = (query: ScopeObjectsQuery) => Promise<ScopeObjectPage>;

/**
 * Every object on one side of the scope preview, a page at a time from the server, with a search over the
 * whole side (names and UPNs). `queryKey` names the filters the preview was computed for.
 */
export function ScopeObjectsDialog({
  side,
  noun,
  queryKey,
  browse,
  onClose,
}: {
  side: ScopeSide | null;
  noun: string;
  queryKey: string;
  browse: BrowseScope;
  onClose: () => void;
}) {
  return (
    <ModalDialog
      open={side !== null}
      onClose={onClose}
      wide
      title={side ? `${side.title}: ${side.count.toLocaleString("en-US")} ${noun}` : ""}
    >
      {side ? <ScopeObjectsList side={side} noun={noun} queryKey={queryKey} browse={browse} onClose={onClose} /> : null}
    </ModalDialog>
  );
}

function ScopeObjectsList({
  side,
  noun,
  queryKey,
  browse,
  onClose,
}: {
  side: ScopeSide;
  noun: string;
  queryKey: string;
  browse: BrowseScope;
  onClose: () => void;
}) {
  const searchId = useId();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const debounced = useDebounced(search.trim(), 300);
  const page = useQuery({
    queryKey: ["scope-objects", queryKey, side.outcome, debounced, offset],
    queryFn: () => browse({ outcome: side.outcome, search: debounced, offset }),
    placeholderData: (prev) => prev,
  });
  const data = page.data;
  const first = data && data.items.length > 0 ? data.offset + 1 : 0;
  const last = data ? data.offset + data.items.length : 0;

  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={searchId} className="block text-sm font-medium text-slate-800">
          Search {side.title.toLowerCase()}
        </label>
        <Input
          id={searchId}
          type="search"
          autoFocus
          maxLength={200}
          placeholder={noun === "users" ? "Name or user principal name" : "Name"}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setOffset(0);
          }}
        />
      </div>
      {page.isError ? (
        <Alert tone="error">{page.error.message}</Alert>
      ) : !data ? (
        <p className="text-sm text-slate-600" role="status">
          Loading…
        </p>
      ) : data.items.length === 0 ? (
        <p className="text-sm text-slate-600" role="status">
          {data.search ? `No ${noun} match “${data.search}”.` : `No ${noun} here.`}
        </p>
      ) : (
        <ul
          aria-label={side.title}
          className={`max-h-[50vh] divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 text-sm ${page.isFetching ? "opacity-60" : ""}`}
        >
          {data.items.map((o) => (
            <li key={o.id} className="px-3 py-1.5">
              {o.name} <span className="block text-xs text-slate-500">{o.detail}</span>
              {o.reason ? <span className="block text-xs text-slate-600">{o.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {data && data.matching > 0
            ? `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${data.matching.toLocaleString("en-US")} ${noun}${data.search ? ` matching “${data.search}”` : ""}`
            : ""}
        </p>
        <div className="flex gap-2">
          <Button
            disabled={!data || data.offset === 0}
            onClick={() => setOffset(Math.max(0, offset - (data?.limit ?? 25)))}
          >
            Previous
          </Button>
          <Button disabled={!data || last >= data.matching} onClick={() => setOffset(offset + (data?.limit ?? 25))}>
            Next
          </Button>
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </div>
  );
}
