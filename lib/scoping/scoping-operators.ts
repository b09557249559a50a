/** Scoping filter operators, named exactly as Entra names them (the Graph API's filterOperators). */
export const SCOPING_OPERATORS = [
  "EQUALS",
  "NOT EQUALS",
  "IS TRUE",
  "IS FALSE",
  "IS NULL",
  "IS NOT NULL",
  "REGEX MATCH",
  "NOT REGEX MATCH",
  "Greater_Than",
  "Greater_Than_OR_EQUALS",
  "Includes",
  "ENDS_WITH",
  "&",
  "!&",
] as const;

export type ScopingOperator = (typeof SCOPING_OPERATORS)[number];

export type ScopingOperatorInfo = {
  name: ScopingOperator;
  /** What the editor shows. */
  label: string;
  /** Whether the clause needs a value (unary operators take none). */
  takesValue: boolean;
  /** The value must be an integer. */
  integerValue: boolean;
  /** The value is a regular expression. */
  regexValue: boolean;
  description: string;
};

export const SCOPING_OPERATOR_INFO: Readonly<Record<ScopingOperator, ScopingOperatorInfo>> = {
  EQUALS: {
    name: "EQUALS",
    label: "equals",
    takesValue: true,
    integerValue: false,
    regexValue: false,
    description: "The attribute matches the value exactly (case-sensitive).",
  },
  "NOT EQUALS": {
    name: "NOT EQUALS",
    label: "does not equal",
    takesValue: true,
    integerValue: false,
    regexValue: false,
    description: "The attribute has a value, and it is not the given value (case-sensitive).",
  },
  "IS TRUE": {
    name: "IS TRUE",
    label: "is true",
    takesValue: false,
    integerValue: false,
    regexValue: false,
    description: "The attribute holds the Boolean value true.",
  },
  "IS FALSE": {
    name: "IS FALSE",
    label: "is false",
    takesValue: false,
    integerValue: false,
    regexValue: false,
    description: "The attribute holds the Boolean value false.",
  },
  "IS NULL": {
    name: "IS NULL",
    label: "is empty",
    takesValue: false,
    integerValue: false,
    regexValue: false,
    description: "The attribute is missing or empty.",
  },
  "IS NOT NULL": {
    name: "IS NOT NULL",
    label: "is not empty",
    takesValue: false,
    integerValue: false,
    regexValue: false,
    description: "The attribute has a value.",
  },
  "REGEX MATCH": {
    name: "REGEX MATCH",
    label: "matches regular expression",
    takesValue: true,
    integerValue: false,
    regexValue: true,
    description: "The whole attribute value matches the regular expression (case-sensitive).",
  },
  "NOT REGEX MATCH": {
    name: "NOT REGEX MATCH",
    label: "does not match regular expression",
    takesValue: true,
    integerValue: false,
    regexValue: true,
    description: "The attribute has a value, and the whole value does not match the regular expression.",
  },
  Greater_Than: {
    name: "Greater_Than",
    label: "is greater than",
    takesValue: true,
    integerValue: true,
    regexValue: false,
    description: "The attribute is an integer greater than the value.",
  },
  Greater_Than_OR_EQUALS: {
    name: "Greater_Than_OR_EQUALS",
    label: "is greater than or equal to",
    takesValue: true,
    integerValue: true,
    regexValue: false,
    description: "The attribute is an integer greater than or equal to the value.",
  },
  Includes: {
    name: "Includes",
    label: "includes",
    takesValue: true,
    integerValue: false,
    regexValue: false,
    description:
      "The attribute contains the value as a substring (case-sensitive); for a multi-valued attribute, any of its values does.",
  },
  ENDS_WITH: {
    name: "ENDS_WITH",
    label: "ends with",
    takesValue: true,
    integerValue: false,
    regexValue: false,
    description: "The attribute ends with the value (case-sensitive).",
  },
  "&": {
    name: "&",
    label: "has any of the bits (&)",
    takesValue: true,
    integerValue: true,
    regexValue: false,
    description:
      "The attribute is an integer sharing at least one set bit with the value (attribute AND value is not 0).",
  },
  "!&": {
    name: "!&",
    label: "has none of the bits (!&)",
    takesValue: true,
    integerValue: true,
    regexValue: false,
    description: "The attribute is an integer sharing no set bit with the value (attribute AND value is 0).",
  },
};

export function isScopingOperator(name: string): name is ScopingOperator {
  return Object.prototype.hasOwnProperty.call(SCOPING_OPERATOR_INFO, name);
}
