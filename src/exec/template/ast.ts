/**
 * The tree a template parses into.
 *
 * @module
 * @internal
 */

/** An operand of a command. `path` holds the field names chained after it (`$v.A.B`). */
export type Operand =
  | { type: "field"; pos: number; path: string[] }
  | { type: "dot"; pos: number }
  | { type: "var"; pos: number; name: string; path: string[] }
  | { type: "function"; pos: number; name: string }
  | { type: "literal"; pos: number; value: string | number | boolean | null }
  | { type: "pipeline"; pos: number; pipeline: Pipeline; path: string[] };

/** A function call with arguments, or a single operand. */
export interface Command {
  pos: number;
  operands: Operand[];
}

/** `[$a[, $b] :=|=] command | command …` */
export interface Pipeline {
  pos: number;
  declare: string[];
  assign: boolean;
  commands: Command[];
}

/** A node of the tree. */
export type Node =
  | { type: "text"; text: string }
  | { type: "action"; pos: number; pipeline: Pipeline }
  | { type: "if" | "with" | "range"; pos: number; pipeline: Pipeline; list: Node[]; elseList: Node[] };

/** An `if`, `with` or `range` block. */
export type BlockNode = Extract<Node, { type: "if" | "with" | "range" }>;
