import type { RE2JS } from "re2js";
import { compileDotNetRegex, regexInputProblem } from "../mapping/expression/regex-cache";

/** A REGEX MATCH clause that cannot be evaluated on one object: its pattern, or the value, is unusable. */
export class ScopingEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScopingEvaluationError";
  }
}

/**
 * REGEX MATCH tests the whole attribute value, so Entra's own examples hold: `.*\@domain.com` needs its
 * leading `.*`, and `(1[0-9][0-9][0-9][0-9][0-9][0-9])` keeps workerID between 1000000 and 1999999.
 * Compiled patterns are cached, and matching takes linear time (see regex-cache.ts). Throws
 * ScopingEvaluationError, with the reason, when the answer cannot be told.
 */
export function scopingRegexMatches(pattern: string, text: string, attribute: string): boolean {
  let re: RE2JS;
  try {
    re = compileDotNetRegex(pattern);
  } catch (e) {
    throw new ScopingEvaluationError(
      `the scoping filter on ${attribute} has an invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}. Edit the scoping filter.`,
    );
  }
  const problem = regexInputProblem(text);
  if (problem) throw new ScopingEvaluationError(`REGEX MATCH on ${attribute}: ${problem}`);
  return re.testExact(text);
}
