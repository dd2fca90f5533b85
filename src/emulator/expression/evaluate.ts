// Compiles a syntax tree into closures: each node becomes a function of the row being evaluated, built once per
// expression, so that evaluating a row is plain function calls — no walk over the tree, no dispatch on node
// kinds. Compiling is also where names are resolved: an unknown function or method, or a call with the wrong
// number of arguments, is a CompileError here, before any row is read.
//
// Evaluation order and laziness follow JEXL: `&&`, `||`, `?:` and `? :` evaluate only the operands they need;
// every other operator, and every function, has all its operands evaluated first, left to right. `iif` is a
// function like any other (Data Prep's functions are Java methods JEXL calls with evaluated arguments), so
// both its branches are evaluated — an error in either fails the row, as it would on the Platform.

import { divide } from './arithmetic.js';
import type { Node } from './ast.js';
import { findFunction, functionNames } from './catalog.js';
import { toText, truthy } from './coerce.js';
import { CompileError } from './compile-error.js';
import { METHODS } from './methods.js';
import { BINARY_OPERATIONS, UNARY_OPERATIONS } from './operators.js';
import { field, walk } from './paths.js';
import type { EvaluationContext, ExpressionFunction } from './registry.js';
import { closest } from './suggest.js';
import { EvaluationError, fromRowValue, type Value, type ValueObject } from './values.js';

/** What one evaluation reads from and records: the row, the run's context, the first absent column. */
export interface Scope {
  readonly row: Readonly<Record<string, unknown>>;
  readonly context: EvaluationContext;
  missing: string | undefined;
}

export type Evaluator = (scope: Scope) => Value;

const arguments_ = (n: number): string => (n === 0 ? 'no arguments' : n === 1 ? '1 argument' : `${n} arguments`);

/** `substr() takes 3 arguments, got 2`, or undefined when `count` fits. */
export function arityProblem(name: string, fn: Pick<ExpressionFunction, 'minArgs' | 'maxArgs'>, count: number): string | undefined {
  if (count >= fn.minArgs && count <= fn.maxArgs) return undefined;
  const takes =
    fn.minArgs === fn.maxArgs ? arguments_(fn.minArgs) : fn.maxArgs === Infinity ? `at least ${arguments_(fn.minArgs)}` : `${fn.minArgs} to ${fn.maxArgs} arguments`;
  return `${name}() takes ${takes}, got ${count}`;
}

const methodNamed = (name: string): string | undefined => [...METHODS.keys()].find((m) => m.toLowerCase() === name.toLowerCase());

function unknownFunction(name: string): string {
  const method = methodNamed(name);
  if (method) return `${name}() is a method, not a function: write value.${method}(${method === 'get' ? 'key' : 'other'})`;
  const suggestion = closest(name, functionNames());
  return `unknown function ${name}()${suggestion ? `; did you mean ${suggestion}()?` : ''}`;
}

function unknownMethod(name: string): string {
  if (findFunction(name)) return `${name}() is a function, not a method: write ${name}(value, …)`;
  const suggestion = closest(name, METHODS.keys());
  const known = `the methods are ${[...METHODS.keys()].join(', ')}`;
  return `unknown method ${name}()${suggestion ? `; did you mean ${suggestion}()?` : ''} (${known})`;
}

/** A function call; a failure that is not an EvaluationError (a bug) still fails only the row, saying where. */
function invoke(fn: ExpressionFunction, args: readonly Value[], context: EvaluationContext): Value {
  try {
    return fn.call(args, context) ?? null;
  } catch (error) {
    if (error instanceof EvaluationError) throw error;
    throw new EvaluationError(`${fn.name}() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function compileCall(node: Node & { kind: 'call' }): Evaluator {
  const fn = findFunction(node.name);
  if (!fn) throw new CompileError('unknown-function', unknownFunction(node.name), node.start);
  const problem = arityProblem(node.name, fn, node.args.length);
  if (problem) throw new CompileError('arity', problem, node.start);
  const args = node.args.map(compileNode);
  // The common arities without a map() and its closure per call: this runs for every row of a run.
  const [a, b, c] = args;
  if (args.length === 1 && a) return (scope) => invoke(fn, [a(scope)], scope.context);
  if (args.length === 2 && a && b) return (scope) => invoke(fn, [a(scope), b(scope)], scope.context);
  if (args.length === 3 && a && b && c) return (scope) => invoke(fn, [a(scope), b(scope), c(scope)], scope.context);
  return (scope) => invoke(fn, args.map((arg) => arg(scope)), scope.context);
}

function compileMethod(node: Node & { kind: 'method' }): Evaluator {
  const method = METHODS.get(node.name);
  if (!method) throw new CompileError('unknown-method', unknownMethod(node.name), node.start);
  const problem = arityProblem(node.name, { minArgs: method.arity, maxArgs: method.arity }, node.args.length);
  if (problem) throw new CompileError('arity', problem, node.start);
  const target = compileNode(node.target);
  const args = node.args.map(compileNode);
  return (scope) => method.call(target(scope), args.map((arg) => arg(scope)));
}

/** A column and the fixed keys below it (`a.b[0]`), or undefined when a step is computed (`a[i]`, `f(x).b`). */
function staticPath(node: Node): { column: string; keys: string[] } | undefined {
  const keys: string[] = [];
  let current = node;
  for (;;) {
    if (current.kind === 'column') return { column: current.name, keys: keys.reverse() };
    if (current.kind === 'member') keys.push(current.key);
    else if (current.kind === 'index' && current.index.kind === 'literal' && current.index.value !== null) keys.push(toText(current.index.value));
    else return undefined;
    current = current.object;
  }
}

/**
 * Reads a column, then walks the keys on the value as the row holds it, converting only what is reached. An
 * absent column is recorded (the row then fails, naming it); an absent field below it is just null.
 */
function columnReader(column: string, keys: readonly string[]): Evaluator {
  return (scope) => {
    if (!Object.hasOwn(scope.row, column)) {
      scope.missing ??= column;
      return null;
    }
    const raw = scope.row[column];
    return fromRowValue(keys.length === 0 ? raw : walk(raw, keys));
  };
}

/** A field of a computed value. Values hold only Values, and JSON parsed from their text is one too. */
const fieldOf = (container: Value, key: string): Value => (field(container, key) as Value | undefined) ?? null;

function compileAccess(node: Node & { kind: 'member' | 'index' }): Evaluator {
  const path = staticPath(node);
  if (path) return columnReader(path.column, path.keys);
  const object = compileNode(node.object);
  if (node.kind === 'member') {
    const key = node.key;
    return (scope) => fieldOf(object(scope), key);
  }
  const index = compileNode(node.index);
  return (scope) => {
    const container = object(scope);
    const key = index(scope);
    return key === null ? null : fieldOf(container, toText(key));
  };
}

function compileMap(node: Node & { kind: 'map' }): Evaluator {
  const entries = node.entries.map((entry) => ({ key: compileNode(entry.key), value: compileNode(entry.value) }));
  return (scope) => {
    const out: ValueObject = {};
    for (const entry of entries) out[toText(entry.key(scope))] = entry.value(scope);
    return out;
  };
}

/** Whether a node is a decimal literal (`2.0`, `-2.0`): `/` then divides exactly, as Java would with a double. */
function isDecimalLiteral(node: Node): boolean {
  if (node.kind === 'unary' && node.operator === 'negate') return isDecimalLiteral(node.operand);
  return node.kind === 'literal' && node.decimal;
}

function compileOperation(node: Node & { kind: 'binary' | 'logical' | 'unary' | 'conditional' }): Evaluator {
  if (node.kind === 'unary') {
    const operation = UNARY_OPERATIONS[node.operator];
    const operand = compileNode(node.operand);
    return (scope) => operation(operand(scope));
  }
  if (node.kind === 'conditional') {
    const test = compileNode(node.test);
    const otherwise = compileNode(node.otherwise);
    if (!node.then) {
      return (scope) => {
        const value = test(scope);
        return truthy(value) ? value : otherwise(scope);
      };
    }
    const then = compileNode(node.then);
    return (scope) => (truthy(test(scope)) ? then(scope) : otherwise(scope));
  }
  const left = compileNode(node.left);
  const right = compileNode(node.right);
  if (node.kind === 'logical') {
    return node.operator === 'and' ? (scope) => truthy(left(scope)) && truthy(right(scope)) : (scope) => truthy(left(scope)) || truthy(right(scope));
  }
  if (node.operator === 'divide' && (isDecimalLiteral(node.left) || isDecimalLiteral(node.right))) return (scope) => divide(left(scope), right(scope), true);
  const operation = BINARY_OPERATIONS[node.operator];
  return (scope) => operation(left(scope), right(scope));
}

/** The evaluator of a tree. Throws CompileError for an unknown function or method, or a wrong argument count. */
export function compileNode(node: Node): Evaluator {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'array': {
      const items = node.items.map(compileNode);
      return (scope) => items.map((item) => item(scope));
    }
    case 'map':
      return compileMap(node);
    case 'column':
      return columnReader(node.name, []);
    case 'member':
    case 'index':
      return compileAccess(node);
    case 'call':
      return compileCall(node);
    case 'method':
      return compileMethod(node);
    default:
      return compileOperation(node);
  }
}
