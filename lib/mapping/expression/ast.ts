/** The syntax tree of an Entra attribute-mapping expression. Offsets are 0-based, `end` is exclusive. */
export type ExpressionNode =
  | { kind: "String"; value: string; start: number; end: number }
  | { kind: "Number"; value: number; raw: string; start: number; end: number }
  | { kind: "Boolean"; value: boolean; start: number; end: number }
  /** vbTextCompare / vbBinaryCompare, as InStr takes them. */
  | { kind: "CompareMode"; name: "vbTextCompare" | "vbBinaryCompare"; start: number; end: number }
  | { kind: "Attribute"; name: string; start: number; end: number }
  /** An argument left out, as in `Replace([mail], "@contoso.com", , , "", , )`. */
  | { kind: "Empty"; start: number; end: number }
  | { kind: "Call"; name: string; nameEnd: number; args: ExpressionNode[]; start: number; end: number }
  | { kind: "Compare"; op: CompareOp; left: ExpressionNode; right: ExpressionNode; start: number; end: number };

export type CompareOp = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type ExpressionAst = { text: string; root: ExpressionNode };
