// Test fixtures for single sign-on, kept free of the oidc-provider import so playwright.config.ts can read them.

/** Logins of the test provider (its development login page accepts any password) and their groups. */
export const OIDC_TEST_ACCOUNTS: Record<string, { name: string; email: string; groups: string[] }> = {
  alice: { name: "Alice Admin", email: "alice@contoso.test", groups: ["provisio-admins", "staff"] },
  bob: { name: "Bob Reader", email: "bob@contoso.test", groups: ["provisio-readers", "staff"] },
  mallory: { name: "Mallory Sales", email: "mallory@contoso.test", groups: ["sales"] },
};

/** The Playwright suite's client at the test provider (scripts/oidc-test-provider.ts). */
export const E2E_OIDC = {
  clientId: "provisio-e2e",
  clientSecret: "e2e-oidc-client-secret-5d1f0b7e9a",
  displayName: "Contoso",
  adminValues: "provisio-admins",
  readerValues: "provisio-readers",
} as const;
