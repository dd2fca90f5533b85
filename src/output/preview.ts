// A mapping preview for people: each sampled row, named by its first column, then either the XDM fields it would
// get (dot path and value, aligned) or why it would be rejected.
//
//   Row 1  id=1
//     personalEmail.address  ada@example.com
//     _acme.emailHash        "7330d2b39ca3…"
//   Row 2  id=2  would be rejected
//     ✗ _acme.age: the value "abc" of age cannot be converted to an integer …

import type { ChalkInstance } from 'chalk';

export interface PreviewView {
  table: string;
  rows: readonly { source: Record<string, unknown>; record?: Record<string, unknown> | undefined; errors: readonly { destination?: string | null | undefined; exception?: string | null | undefined }[] }[];
}

/** The record's leaves as `[dot path, value]`, in the record's order. */
export function leaves(record: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(record).flatMap(([key, value]): [string, unknown][] => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? leaves(value as Record<string, unknown>, path) : [[path, value]];
  });
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

function rowName(source: Record<string, unknown>): string {
  const [first] = Object.entries(source);
  return first === undefined ? '' : `${first[0]}=${show(first[1])}`;
}

/** The human rendering, ending with a summary line. */
export function formatPreview(view: PreviewView, style: ChalkInstance): string {
  if (view.rows.length === 0) return `${view.table} has no rows to preview.\n`;
  const lines: string[] = [];
  view.rows.forEach((row, i) => {
    const rejected = row.errors.length > 0;
    lines.push(`${style.bold(`Row ${i + 1}`)}  ${rowName(row.source)}${rejected ? `  ${style.red('would be rejected')}` : ''}`);
    if (rejected) {
      for (const error of row.errors) lines.push(`  ${style.red('✗')} ${error.destination ? `${error.destination}: ` : ''}${error.exception ?? 'rejected'}`);
      return;
    }
    const fields = leaves(row.record ?? {});
    const width = Math.max(0, ...fields.map(([path]) => path.length));
    for (const [path, value] of fields) lines.push(`  ${style.dim(path.padEnd(width))}  ${show(value)}`);
    if (fields.length === 0) lines.push(`  ${style.dim('(no fields: every mapped value is null)')}`);
  });
  const failed = view.rows.filter((r) => r.errors.length > 0).length;
  lines.push('', `${view.rows.length - failed} of ${view.rows.length} sampled rows of ${view.table} map cleanly${failed > 0 ? `; ${failed} would be rejected` : ''}.`);
  return `${lines.join('\n')}\n`;
}
