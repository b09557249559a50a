import { compileDotNetRegex } from "../mapping/expression/regex-cache";

/**
 * REGEX MATCH tests the whole attribute value, so Entra's own examples hold: `.*\@domain.com` needs its
 * leading `.*`, and `(1[0-9][0-9][0-9][0-9][0-9][0-9])` keeps workerID between 1000000 and 1999999.
 * Compiled patterns are cached.
 */
export function compileScopingRegex(pattern: string): RegExp {
  return compileDotNetRegex(`^(?:${pattern})$`);
}
