import type { Endpoint, HttpMethod } from "./endpoint";

/** The endpoint for a path under /api/v1 and its raw path parameters; `allowed` lists the path's methods. */
export function matchEndpoint(
  endpoints: readonly Endpoint[],
  method: string,
  path: string,
): { endpoint: Endpoint; params: Record<string, string> } | { endpoint: null; allowed: HttpMethod[] } {
  const segments = path.split("/").filter(Boolean);
  const allowed: HttpMethod[] = [];
  for (const endpoint of endpoints) {
    const params = matchPath(endpoint.path, segments);
    if (!params) continue;
    if (endpoint.method === method.toLowerCase()) return { endpoint, params };
    allowed.push(endpoint.method);
  }
  return { endpoint: null, allowed };
}

function matchPath(template: string, segments: string[]): Record<string, string> | null {
  const parts = template.split("/").filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      try {
        params[name] = decodeURIComponent(segment);
      } catch {
        return null;
      }
    } else if (part !== segment) return null;
  }
  return params;
}
