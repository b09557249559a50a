/** A syntax error in an expression: where it is (0-based offset, 1-based line and column) and what to do. */
export class ExpressionError extends Error {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  /** How many characters the error covers, for underlining in the editor (at least 1). */
  readonly length: number;

  constructor(message: string, position: number, text: string, length = 1) {
    super(message);
    this.name = "ExpressionError";
    this.position = position;
    this.length = Math.max(1, length);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < position && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    this.line = line;
    this.column = position - lineStart + 1;
  }
}

/** A failure while evaluating a valid expression on one object (a date that cannot be read, a bad regex...). */
export class EvaluationError extends Error {
  readonly functionName?: string;

  constructor(message: string, functionName?: string) {
    super(functionName ? `${functionName}: ${message}` : message);
    this.name = "EvaluationError";
    this.functionName = functionName;
  }
}
