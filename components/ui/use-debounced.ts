"use client";

import { useEffect, useState } from "react";

/** `value`, once it has stayed the same for `ms` milliseconds (for searching and previewing as the admin types). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}
