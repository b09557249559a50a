const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** One date format for directory pages, in UTC so server and browser agree. */
export function formatDate(d: Date | null | undefined): string {
  return d ? `${formatter.format(d)} UTC` : "—";
}
