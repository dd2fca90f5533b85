// Deterministic names: the same table and prefix always give the same names, which is how a second run (or
// `plan` and `apply`) finds what the first one made instead of making it again.

import type { ResourceKind } from './types.js';

export type ResourceNames = Record<Exclude<ResourceKind, 'identity'>, string>;

export function defaultPrefix(table: string): string {
  return `flowctl ${table}`;
}

export function resourceNames(prefix: string): ResourceNames {
  return {
    connection: `${prefix} connection`,
    source: `${prefix} source`,
    // Only a record table has one: a class of its own, built on the record behavior (classes.ts).
    class: `${prefix} class`,
    fieldGroup: `${prefix} fields`,
    schema: `${prefix} schema`,
    dataset: `${prefix} dataset`,
    target: `${prefix} target`,
    mapping: `${prefix} mapping`,
    flow: `${prefix} flow`,
  };
}
