// Tables the way gh prints them: on a terminal, aligned columns under a header, cut to the terminal's width; in
// a pipe, tab-separated rows without a header, nothing truncated, so that `cut` and `awk` work.

import { displayWidth, padEnd, truncate } from './fit.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | undefined | null;
}

/**
 * Where a table goes: a pipe (`false`: tab-separated, no header, nothing cut), a terminal of unknown width (`true`),
 * or a terminal `width` columns wide, to which wide columns are cut (with …), the widest first, so that a row
 * never wraps.
 */
export type TableLayout = boolean | { width: number };

/** No column is cut below this (or its header's width, if less), whatever the terminal. */
const MIN_COLUMN = 8;
const GAP = 2;

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], layout: TableLayout, bold: (s: string) => string = (s) => s): string {
  const cells = rows.map((row) => columns.map((c) => clean(c.value(row))));
  if (layout === false) return cells.map((r) => r.join('\t')).join('\n') + (cells.length > 0 ? '\n' : '');
  const headers = columns.map((c) => c.header.toUpperCase());
  const natural = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const widths = layout === true ? natural : fitted(natural, headers, cells, layout.width);
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const cut = truncate(v, widths[i] ?? 0);
        return i === values.length - 1 ? cut : padEnd(cut, widths[i] ?? 0);
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [bold(line(headers)), ...cells.map(line)].join('\n') + '\n';
}

/**
 * Column widths that fit `total` columns. Words are cut before identifiers: the widest column holding text with
 * spaces (a name, a detail) loses a column at a time, and a column of single words (ids, which are useless cut)
 * only once no such column can shrink; none goes below its minimum.
 */
function fitted(natural: readonly number[], headers: readonly string[], cells: readonly string[][], total: number): number[] {
  const widths = [...natural];
  const floor = widths.map((w, i) => Math.min(w, Math.max(MIN_COLUMN, displayWidth(headers[i] ?? ''))));
  const prose = widths.map((_, i) => cells.some((row) => /\s/.test(row[i] ?? '')));
  const used = () => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  const widestOf = (candidates: (i: number) => boolean): number => {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (candidates(i) && (widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    return widest;
  };
  while (used() > total) {
    let widest = widestOf((i) => prose[i] === true);
    if (widest < 0) widest = widestOf(() => true);
    if (widest < 0) break; // every column at its minimum: the rows wrap rather than lose their meaning
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

function clean(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null || value === '') return '-';
  // Control characters from a server never reach the terminal.
  return String(value).replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** `key: value` lines for one resource, aligned. */
export function formatFields(fields: ReadonlyArray<readonly [string, string | number | boolean | undefined | null]>, dim: (s: string) => string = (s) => s): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  // A row with an empty label continues the one above it.
  return fields.map(([k, v]) => `${dim((k === '' ? '' : `${k}:`).padEnd(width + 1))} ${clean(v)}`).join('\n') + '\n';
}
