/**
 * Checks parsed JSON from outside (request bodies, import files) before anything stores it: every string,
 * key included, must be well-formed Unicode. JSON's \u escapes can spell a lone UTF-16 surrogate such as
 * \ud800, which no UTF-8 database value can hold (Prisma then fails with a 500 and prints its arguments).
 * With `maxStringLength`, longer strings are refused too. Returns a message naming the place, or null.
 * Iterative, so a deeply nested document cannot overflow the stack.
 */
export function findJsonInputProblem(value: unknown, opts: { maxStringLength?: number } = {}): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: "" }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      const problem = stringProblem(v, opts.maxStringLength);
      if (problem) return `${problem}${path ? ` (at ${shorten(path)})` : ""}.`;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]` });
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const keyProblem = stringProblem(k, opts.maxStringLength);
        if (keyProblem) return `${keyProblem} (in a name${path ? ` at ${shorten(path)}` : ""}).`;
        stack.push({ value: child, path: path ? `${path}.${k}` : k });
      }
    }
  }
  return null;
}

function stringProblem(s: string, max: number | undefined): string | null {
  if (!s.isWellFormed()) return "The text is not valid Unicode: it contains a lone UTF-16 surrogate such as \\ud800";
  if (max !== undefined && s.length > max) return `A value is longer than ${max.toLocaleString("en-US")} characters`;
  return null;
}

const shorten = (path: string) => (path.length > 120 ? `${path.slice(0, 117)}...` : path);
