// A minimal "browser" for driving the authorization code flow over real HTTP in Vitest: it keeps cookies,
// follows redirects by hand and submits the test provider's login and consent forms.

export type ProviderStep =
  { kind: "callback"; url: URL } | { kind: "stuck"; status: number; url: string; body: string };

class CookieJar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

const formAction = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");

/**
 * Opens the authorization URL, signs in as `login` (any password) and grants consent, until the provider
 * redirects to the client's callback. With `cancel: true` it presses the login page's Cancel instead.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  opts: { login: string; callbackPrefix: string; cancel?: boolean },
): Promise<ProviderStep> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let method = "GET";
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(opts.callbackPrefix)) return { kind: "callback", url: new URL(url) };
    const res = await fetch(url, {
      method,
      body,
      redirect: "manual",
      headers: { cookie: jar.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    });
    jar.store(res);
    method = "GET";
    body = undefined;
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const action = res.status === 200 ? formAction(html) : undefined;
    if (!action) return { kind: "stuck", status: res.status, url, body: html.slice(0, 500) };
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (opts.cancel) {
      // The provider's "[ Cancel ]" link: it answers the client with error=access_denied.
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) return { kind: "stuck", status: res.status, url, body: html.slice(0, 500) };
      url = new URL(abort.replace(/&amp;/g, "&"), url).toString();
    } else if (prompt === "login") {
      url = new URL(action, url).toString();
      method = "POST";
      body = new URLSearchParams({ prompt: "login", login: opts.login, password: "any password" });
    } else {
      url = new URL(action, url).toString();
      method = "POST";
      body = new URLSearchParams({ prompt: prompt ?? "consent" });
    }
  }
  throw new Error("too many redirects at the provider");
}
