import crypto from "node:crypto";

/** Log downloads running at once: per signed-in person, and in all (each reads the database and formats rows). */
const EXPORTS_PER_PERSON = 2;
const EXPORTS_OVERALL = 4;
/** What a refused download is told to wait before trying again. */
const EXPORT_RETRY_AFTER_SECONDS = 10;
/** A slot held for a download the browser is about to start (see hold()) is given back after this long. */
const HOLD_MS = 30_000;
/** A download no one has read from for this long is stalled: its slot goes back. */
export const EXPORT_STALL_MS = 5 * 60_000;

export type ExportSlot = { release: () => void };
export type ExportRefusal = { retryAfterSeconds: number; message: string };

type Entry = { person: string; ticket: string | null; timer: NodeJS.Timeout | null };

/**
 * Counts the log downloads that are running, so that ten parallel downloads of a large log (a Reader may
 * start them) cannot take the server's time from everyone else. A slot is either running (released when its
 * stream ends, fails or is cancelled) or held for a few seconds: the logs page asks for a ticket first, so it
 * can show "try again" in the page instead of handing the browser a failed download, then starts the download
 * with the ticket, which takes the held slot.
 */
export class ExportSlots {
  private readonly entries = new Set<Entry>();

  constructor(private readonly limits = { perPerson: EXPORTS_PER_PERSON, overall: EXPORTS_OVERALL }) {}

  /** A running slot for `person`, taking the one held under `ticket` if there is one; or why not. */
  acquire(person: string, ticket?: string | null): ExportSlot | ExportRefusal {
    const held = ticket ? [...this.entries].find((e) => e.ticket === ticket && e.person === person) : undefined;
    if (held) {
      if (held.timer) clearTimeout(held.timer);
      held.ticket = null;
      held.timer = null;
      return this.slotOf(held);
    }
    const refusal = this.refusal(person);
    if (refusal) return refusal;
    const entry: Entry = { person, ticket: null, timer: null };
    this.entries.add(entry);
    return this.slotOf(entry);
  }

  /** Holds a slot for `person` for a short while; the download that brings the ticket takes it. */
  hold(person: string): { ticket: string } | ExportRefusal {
    const refusal = this.refusal(person);
    if (refusal) return refusal;
    const entry: Entry = { person, ticket: crypto.randomBytes(16).toString("hex"), timer: null };
    entry.timer = setTimeout(() => this.entries.delete(entry), HOLD_MS);
    entry.timer.unref();
    this.entries.add(entry);
    return { ticket: entry.ticket! };
  }

  /** Slots in use (running or held), for `person` or in all. */
  inUse(person?: string): number {
    return [...this.entries].filter((e) => person === undefined || e.person === person).length;
  }

  private refusal(person: string): ExportRefusal | null {
    const mine = this.inUse(person);
    const all = this.inUse();
    if (mine < this.limits.perPerson && all < this.limits.overall) return null;
    const which =
      mine >= this.limits.perPerson
        ? `You already have ${mine} log download${mine === 1 ? "" : "s"} running (at most ${this.limits.perPerson} at once)`
        : `${all} log downloads are running on this server (at most ${this.limits.overall} at once)`;
    return {
      retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS,
      message: `${which}. Wait for one to finish, then try again.`,
    };
  }

  private slotOf(entry: Entry): ExportSlot {
    return { release: () => void this.entries.delete(entry) };
  }
}

export function isExportRefusal(v: unknown): v is ExportRefusal {
  return typeof v === "object" && v !== null && "retryAfterSeconds" in v;
}

const globalSlots = globalThis as unknown as { provisioExportSlots?: ExportSlots };

/** The slots of this server process (one set, even when Next.js loads this module twice). */
export function exportSlots(): ExportSlots {
  return (globalSlots.provisioExportSlots ??= new ExportSlots());
}
