"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { AdminRole } from "@/lib/auth/roles";

/**
 * The signed-in person's role for client components. The root layout reads it on the server
 * (getCurrentUser) and provides it here; server components call getCurrentUser themselves.
 * This only shapes the UI: proxy.ts and adminAction refuse a Reader's changes whatever the page shows.
 */
const RoleContext = createContext<AdminRole>("Reader");

export function RoleProvider({ role, children }: { role: AdminRole; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/** True for an Administrator. Readers get read-only pages: no control that would change something. */
export function useCanChange(): boolean {
  return useContext(RoleContext) === "Administrator";
}
