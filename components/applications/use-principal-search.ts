"use client";

import { useEffect, useState, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { useDebounced } from "@/components/ui/use-debounced";
import type { SearchAction } from "./add-assignment-panel";

/**
 * The state of the Add assignment search box, an ARIA combobox: the text, the results a moment after the
 * last key, whether the list is open and which option is active. Arrows move (and open the list again after
 * a pick), Enter picks, Escape closes. The text stays after a pick, so the next one is a key away.
 */
export function usePrincipalSearch({
  applicationId,
  search,
  onPick,
}: {
  applicationId: string;
  search: SearchAction;
  onPick: (option: PrincipalOption) => void;
}) {
  const [query, setQuery] = useState("");
  const [listOpen, setListOpen] = useState(false);
  const [active, setActive] = useState(0);
  const debounced = useDebounced(query.trim(), 250);

  const results = useQuery({
    queryKey: ["principals", applicationId, debounced],
    queryFn: async () => {
      const r = await search({ applicationId, query: debounced });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    staleTime: 2_000,
  });
  const options = results.data ?? [];
  const showList = listOpen;

  useEffect(() => setActive(0), [debounced]);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setListOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const option = options[active];
      if (showList && option) onPick(option);
    } else if (e.key === "Escape" && listOpen) {
      e.preventDefault();
      e.stopPropagation();
      setListOpen(false);
    }
  }

  return {
    query,
    debounced,
    typing: query.trim() !== debounced,
    results,
    options,
    showList,
    active,
    setActive,
    setListOpen,
    onKeyDown,
    onType: (text: string) => {
      setQuery(text);
      setListOpen(true);
    },
  };
}

export type PrincipalSearch = ReturnType<typeof usePrincipalSearch>;
