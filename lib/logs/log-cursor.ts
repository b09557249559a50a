import { z } from "zod";
import { AppError } from "../errors";

/** Position after the last entry of a page: pages are ordered by (at DESC, id DESC). */
export type LogCursor = { at: Date; id: number };

const cursorSchema = z.object({
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  id: z.number().int().positive(),
});

export function encodeLogCursor(c: LogCursor): string {
  return Buffer.from(JSON.stringify({ at: c.at.toISOString(), id: c.id })).toString("base64url");
}

export function decodeLogCursor(s: string): LogCursor {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
    return { at: new Date(parsed.at), id: parsed.id };
  } catch {
    throw new AppError("logs.bad_cursor", "This page link is no longer valid. Go back to the first page of the logs.");
  }
}
