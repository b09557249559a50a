let counter = 0;

/**
 * A key for a row that exists only in the browser's draft. Not crypto.randomUUID(): that needs a secure
 * context, and a self-hosted admin page is often served over plain http on the LAN.
 */
export function nextDraftKey(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
