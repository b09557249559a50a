export type PostResult = { ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** Posts a form's fields as JSON to one of the auth route handlers. */
export async function postJson(url: string, body: Record<string, unknown>): Promise<PostResult> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = (await res.json().catch(() => null)) as PostResult | null;
    if (res.ok) return { ok: true };
    return data && data.ok === false ? data : { ok: false, error: `The server answered ${res.status}. Try again.` };
  } catch {
    return { ok: false, error: "Provisio could not be reached. Check your connection and try again." };
  }
}
