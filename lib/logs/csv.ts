/**
 * CSV for spreadsheets. A cell that starts with =, +, -, @, a tab or a carriage return could be run as a
 * formula by Excel or LibreOffice (CSV injection): it gets a leading apostrophe. Cells with a quote, a
 * comma or a line break are quoted, with quotes doubled (RFC 4180).
 */
export function neutraliseCsvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function csvCell(value: unknown): string {
  const s = neutraliseCsvCell(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
