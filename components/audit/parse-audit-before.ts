import { z } from "zod";

/** The `before` page position from a URL; anything else is the first page. */
export function parseAuditBefore(value: string | undefined): number | undefined {
  return z.coerce.number().int().positive().optional().catch(undefined).parse(value);
}
