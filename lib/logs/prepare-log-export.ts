import { exportSlots, isExportRefusal, type ExportRefusal, type ExportSlots } from "./export-slots";

/**
 * The logs page's first step of a download: holds a slot for a few seconds and returns its ticket, or says
 * why not, so the page can show the message instead of starting a download the server would refuse.
 */
export function prepareLogExport(
  person: string,
  slots: ExportSlots = exportSlots(),
): { ok: true; ticket: string } | { ok: false; refusal: ExportRefusal } {
  const held = slots.hold(person);
  return isExportRefusal(held) ? { ok: false, refusal: held } : { ok: true, ticket: held.ticket };
}
