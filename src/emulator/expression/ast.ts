// The syntax tree of an expression, as the parser builds it and the compiler (evaluate.ts) turns it into closures.
// `start` is the 0-based offset of the node's first token, for error messages.

import type { Value } from './values.js';

/** The operators with two operands that always evaluate both (the logical ones short-circuit: LogicalNode). */
export type BinaryOperator =
  | 'add'
  | 'subtract'
  | 'multiply'
  | 'divide'
  | 'mod'
  | 'bitwiseAnd'
  | 'bitwiseOr'
  | 'bitwiseXor'
  | 'equals'
  | 'notEquals'
  | 'lessThan'
  | 'lessThanOrEqual'
  | 'greaterThan'
  | 'greaterThanOrEqual'
  | 'matches'
  | 'notMatches'
  | 'startsWith'
  | 'notStartsWith'
  | 'endsWith'
  | 'notEndsWith';

export type UnaryOperator = 'negate' | 'not' | 'complement' | 'empty' | 'size';

export type Node =
  /** `12`, `1.5` (decimal: written with a point or exponent, so `/` divides exactly), `"text"`, true, false, null. */
  | { kind: 'literal'; value: Value; decimal: boolean; start: number }
  | { kind: 'array'; items: Node[]; start: number }
  | { kind: 'map'; entries: { key: Node; value: Node }[]; start: number }
  /** A top-level column of the row, by its exact name. */
  | { kind: 'column'; name: string; start: number }
  /** `object.key`: a field of an object (or an array index written `a.0`). */
  | { kind: 'member'; object: Node; key: string; start: number }
  /** `object[index]`. */
  | { kind: 'index'; object: Node; index: Node; start: number }
  /** `name(args)`: a function of the catalog, as written (lookup ignores case). */
  | { kind: 'call'; name: string; args: Node[]; start: number }
  /** `target.name(args)`: a method (equals, equalsIgnoreCase, get). */
  | { kind: 'method'; target: Node; name: string; args: Node[]; start: number }
  | { kind: 'unary'; operator: UnaryOperator; operand: Node; start: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Node; right: Node; start: number }
  | { kind: 'logical'; operator: 'and' | 'or'; left: Node; right: Node; start: number }
  /** `test ? then : otherwise`; elvis `test ?: otherwise` has no `then` (the test's value is the result). */
  | { kind: 'conditional'; test: Node; then: Node | undefined; otherwise: Node; start: number };

/** The top-level columns a tree reads, each once, in the order they appear. */
export function columnsOf(node: Node, found: string[] = []): string[] {
  switch (node.kind) {
    case 'column':
      if (!found.includes(node.name)) found.push(node.name);
      break;
    case 'literal':
      break;
    case 'array':
      node.items.forEach((item) => columnsOf(item, found));
      break;
    case 'map':
      node.entries.forEach((entry) => (columnsOf(entry.key, found), columnsOf(entry.value, found)));
      break;
    case 'member':
      columnsOf(node.object, found);
      break;
    case 'index':
      columnsOf(node.object, found);
      columnsOf(node.index, found);
      break;
    case 'call':
      node.args.forEach((arg) => columnsOf(arg, found));
      break;
    case 'method':
      columnsOf(node.target, found);
      node.args.forEach((arg) => columnsOf(arg, found));
      break;
    case 'unary':
      columnsOf(node.operand, found);
      break;
    case 'binary':
    case 'logical':
      columnsOf(node.left, found);
      columnsOf(node.right, found);
      break;
    case 'conditional':
      [node.test, node.then, node.otherwise].forEach((part) => part && columnsOf(part, found));
      break;
  }
  return found;
}
