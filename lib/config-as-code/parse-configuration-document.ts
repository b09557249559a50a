import { AppError } from "../errors";
import { findJsonInputProblem } from "../input/find-json-input-problem";
import {
  CONFIGURATION_LIMITS,
  configurationDocumentSchema,
  documentPath,
  type ConfigurationDocument,
} from "./configuration-document-schema";

/** The error of a document that does not validate: every problem, keyed by its JSON path. */
export function invalidDocument(problems: Record<string, string>): AppError {
  const paths = Object.keys(problems);
  const first = paths[0] ? `${paths[0]}: ${problems[paths[0]]}` : "";
  const count = paths.length === 1 ? "1 problem" : `${paths.length} problems`;
  return new AppError(
    "configuration.invalid",
    `The document was not applied (${count}; nothing was changed). ${first}`.trim(),
    problems,
  );
}

/**
 * Reads a configuration document (JSON text or an already-parsed value) and checks its shape. Anything wrong
 * refuses the whole document with every problem at its JSON path (`mappings.users[3].target`); nothing is
 * compared or applied before it validates. Text is bounded before it is parsed.
 */
export function parseConfigurationDocument(input: unknown): ConfigurationDocument {
  let value = input;
  if (typeof input === "string") {
    const bytes = Buffer.byteLength(input, "utf8");
    if (bytes > CONFIGURATION_LIMITS.documentBytes) {
      throw new AppError(
        "configuration.too_large",
        `The document is ${bytes.toLocaleString("en-US")} bytes; at most ${CONFIGURATION_LIMITS.documentBytes.toLocaleString("en-US")} are accepted.`,
      );
    }
    try {
      value = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch (e) {
      throw invalidDocument({ "(document)": `This is not valid JSON: ${(e as Error).message}` });
    }
  }
  const textProblem = findJsonInputProblem(value, { maxStringLength: 10_000 });
  if (textProblem) throw invalidDocument({ "(document)": textProblem });
  const parsed = configurationDocumentSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const paths =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => documentPath([...issue.path, k]))
        : [documentPath(issue.path)];
    for (const path of paths) {
      const message =
        issue.code === "unrecognized_keys"
          ? /token|secret|password/i.test(path)
            ? "Secrets are not part of a configuration document. Enter the Secret Token on the Provisioning page."
            : "This key is not part of a version 1 configuration document."
          : issue.message;
      problems[path] = problems[path] ? `${problems[path]} ${message}` : message;
    }
  }
  throw invalidDocument(problems);
}
