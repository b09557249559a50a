// oidc-provider (a real OpenID Connect provider, used only by tests and scripts/oidc-test-provider.ts) ships
// no type declarations; this is the little of its API Provisio's test provider uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
