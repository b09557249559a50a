// Server-rendered dates in one fixed format and zone, so server and browser agree.
const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(date: Date): string {
  return `${formatter.format(date)} UTC`;
}
