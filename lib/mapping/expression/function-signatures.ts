/**
 * Entra's expression functions: their names (case-sensitive), signatures as Microsoft documents them, and how
 * many arguments each takes. The parser checks calls against this table; the editor can list it.
 */
import { closestName } from "./closest-name";

export type FunctionSignature = {
  name: string;
  /** The signature as shown to admins, e.g. "Join(separator, source1, source2, …)". */
  signature: string;
  minArgs: number;
  /** Infinity for functions that repeat their last parameters. */
  maxArgs: number;
  /** Switch: keys and values come in pairs, so the argument count is even. */
  evenArgs?: boolean;
  description: string;
};

const sig = (
  name: string,
  params: string,
  minArgs: number,
  maxArgs: number,
  description: string,
  evenArgs?: boolean,
): FunctionSignature => ({ name, signature: `${name}(${params})`, minArgs, maxArgs, description, evenArgs });

export const FUNCTION_SIGNATURES: readonly FunctionSignature[] = [
  sig("Append", "source, suffix", 2, 2, "Appends the suffix to the end of the source string."),
  sig(
    "AppRoleAssignmentsComplex",
    "[appRoleAssignments]",
    1,
    1,
    "All of the user's app roles, as SCIM roles (primary = false).",
  ),
  sig("BitAnd", "value1, value2", 2, 2, "Bitwise AND of two integers."),
  sig("CBool", "expression", 1, 1, "True when the expression is true or a non-zero number."),
  sig("CDate", "expression", 1, 1, "Reads a date/time string as a UTC DateTime."),
  sig("Coalesce", "source1, source2, …, defaultValue", 1, Infinity, "The first argument that is not null."),
  sig("ConvertToBase64", "source", 1, 1, "Base64 of the string's UTF-16 (Unicode) bytes."),
  sig("ConvertToUTF8Hex", "source", 1, 1, "Upper-case hex of the string's UTF-8 bytes."),
  sig("Count", "attribute", 1, 1, "The number of values in a multi-valued attribute."),
  sig("CStr", "value", 1, 1, "Converts a number, reference or boolean to a string."),
  sig("DateAdd", "interval, value, dateTime", 3, 3, "Adds value intervals (yyyy, q, m, d, ww, h, n, s) to a DateTime."),
  sig(
    "DateDiff",
    "interval, date1, date2",
    3,
    3,
    "The number of intervals from date1 to date2 (negative when date2 is earlier).",
  ),
  sig("DateFromNum", "value", 1, 1, "Converts an Active Directory date number (FILETIME) to a DateTime."),
  sig(
    "FormatDateTime",
    "source, dateTimeStyles, inputFormat, outputFormat",
    3,
    4,
    "Reads a date in inputFormat and writes it in outputFormat (.NET custom format strings).",
  ),
  sig("Guid", "", 0, 0, "A new random GUID."),
  sig(
    "IgnoreFlowIfNullOrEmpty",
    "expression",
    1,
    1,
    "Drops the target attribute from the flow when the expression is null or empty.",
  ),
  sig(
    "IIF",
    "condition, valueIfTrue, valueIfFalse",
    3,
    3,
    "valueIfTrue when the condition is true, otherwise valueIfFalse.",
  ),
  sig("InStr", "value1, value2, start, compareType", 2, 4, "1-based position of value2 in value1, or 0 when absent."),
  sig("IsNull", "expression", 1, 1, "True when the expression is null (the attribute is absent)."),
  sig("IsNullOrEmpty", "expression", 1, 1, "True when the expression is null or an empty string."),
  sig("IsPresent", "expression", 1, 1, "True when the expression is neither null nor an empty string."),
  sig("IsString", "expression", 1, 1, "True when the expression is a string."),
  sig("Item", "attribute, index", 2, 2, "One value of a multi-valued attribute; index 1 is the first."),
  sig(
    "Join",
    "separator, source1, source2, …",
    2,
    Infinity,
    "Joins the non-empty values (every value of a multi-valued attribute) with the separator.",
  ),
  sig("Left", "String, NumChars", 2, 2, "The first NumChars characters of the string."),
  sig("Len", "source", 1, 1, "The number of characters in the string."),
  sig("Mid", "source, start, length", 3, 3, "length characters of source from the 1-based start."),
  sig("NormalizeDiacritics", "source", 1, 1, "Replaces accented characters with unaccented ones (Zoë → Zoe, ß → ss)."),
  sig("Not", "source", 1, 1, "False when source is True, otherwise True."),
  sig("Now", "", 0, 0, "The current UTC date and time."),
  sig("NumFromDate", "value", 1, 1, "Converts an ISO 8601 date/time to an Active Directory date number (FILETIME)."),
  sig("PCase", "source, wordSeparators", 1, 2, "Capitalises the first letter of each word and lower-cases the rest."),
  sig(
    "RandomString",
    "Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, CharactersToAvoid",
    5,
    6,
    "A random string meeting the given minimums (at most 256 characters).",
  ),
  sig("Redact", "attribute/value", 1, 1, "The value, shown as [Redact] in the provisioning logs."),
  sig("RemoveDuplicates", "attribute", 1, 1, "The multi-valued attribute with duplicate values removed."),
  sig(
    "Replace",
    "source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template",
    2,
    7,
    "Replaces text in source, by value, by regular expression or into a template.",
  ),
  sig("SingleAppRoleAssignment", "[appRoleAssignments]", 1, 1, "The name of the user's single app role."),
  sig("Split", "source, delimiter", 2, 2, "Splits a string into a multi-valued attribute."),
  sig("StripSpaces", "source", 1, 1, "Removes every space character."),
  sig(
    "Switch",
    "source, defaultValue, key1, value1, key2, value2, …",
    4,
    Infinity,
    "The value whose key equals source (case-sensitive), otherwise defaultValue.",
    true,
  ),
  sig("ToLower", "source, culture", 1, 2, "Lower-cases the string (invariant culture unless one is given)."),
  sig("ToUpper", "source, culture", 1, 2, "Upper-cases the string (invariant culture unless one is given)."),
  sig(
    "Word",
    "String, WordNumber, Delimiters",
    3,
    3,
    "The WordNumber-th word of the string, words being separated by any of the delimiter characters.",
  ),
];

export const FUNCTIONS_BY_NAME: ReadonlyMap<string, FunctionSignature> = new Map(
  FUNCTION_SIGNATURES.map((f) => [f.name, f]),
);

/** Entra functions Provisio does not offer, with the reason an admin sees. */
export const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  [
    "SelectUniqueValue",
    "SelectUniqueValue is not supported: Entra offers it only for provisioning to Active Directory, and Provisio provisions to SCIM apps",
  ],
]);

/** "takes 2 arguments", "takes at least 2 arguments", "takes 2 to 4 arguments", "takes no arguments". */
export function describeArity(f: FunctionSignature): string {
  const plural = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  if (f.evenArgs) return `takes an even number of arguments, at least ${f.minArgs} (keys and values come in pairs)`;
  if (f.maxArgs === 0) return "takes no arguments";
  if (f.maxArgs === Infinity) return `takes at least ${plural(f.minArgs)}`;
  if (f.minArgs === f.maxArgs) return `takes ${plural(f.minArgs)}`;
  return `takes ${f.minArgs} to ${plural(f.maxArgs)}`;
}

/** The function name an admin most likely meant, or null when nothing is close. */
export function suggestFunctionName(name: string): string | null {
  return closestName(
    name,
    FUNCTION_SIGNATURES.map((f) => f.name),
  );
}
