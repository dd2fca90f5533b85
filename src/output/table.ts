// Tables the way gh prints them: on a terminal, aligned columns under a header, cut to the terminal's width; in
// a pipe, tab-separated rows without a header, nothing truncated, so that `cut` and `awk` work.

import { displayWidth, padEnd, truncate } from './fit.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | undefined | null;
}

/**
 * Where a table goes: a pipe (`false`: tab-separated, no header, nothing cut), a terminal of unknown width (`true`),
 * or a terminal `width` columns wide, to which wide columns are cut (with …) so that a row does not wrap (see
 * `fitted` for which columns give way first).
 */
export type TableLayout = boolean | { width: number };

/** No column is cut below this, nor below its header's width, whatever the terminal. */
const MIN_COLUMN = 8;
/** Words are cut to this before any identifier is cut. */
const PROSE_FLOOR = 16;
/** Identifiers longer than this (URIs) are cut to it before words are cut further; a UUID (36) is not. */
const LONG_IDENTIFIER = 40;
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
 * Column widths that fit `total` columns, the widest column of each phase losing a column at a time. Words are cut
 * before identifiers (an id is useful whole), but not to nothing: columns of text with spaces (a name, a detail)
 * down to PROSE_FLOOR, then long identifiers down to LONG_IDENTIFIER, then words down to MIN_COLUMN, then
 * anything.
 */
function fitted(natural: readonly number[], headers: readonly string[], cells: readonly string[][], total: number): number[] {
  const widths = [...natural];
  // A column of words when most of its filled cells hold a space: one "(all tables)" among table names is still a
  // column of identifiers, and a detail column is words however many rows have none ('-').
  const prose = widths.map((_, i) => {
    const filled = cells.map((row) => row[i] ?? '-').filter((cell) => cell !== '-');
    return filled.filter((cell) => /\s/.test(cell)).length * 2 > filled.length;
  });
  const floorOf = (least: number) => widths.map((w, i) => Math.min(w, Math.max(least, displayWidth(headers[i] ?? ''))));
  const used = () => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  const shrink = (floor: readonly number[], candidate: (i: number) => boolean): void => {
    while (used() > total) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        if (candidate(i) && (widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
      }
      if (widest < 0) return;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  };
  shrink(floorOf(PROSE_FLOOR), (i) => prose[i] === true);
  // A long identifier (a URI) before a word goes below PROSE_FLOOR; a UUID only when nothing else is left.
  shrink(floorOf(LONG_IDENTIFIER), (i) => prose[i] !== true);
  shrink(floorOf(MIN_COLUMN), (i) => prose[i] === true);
  // Still too wide with every column at its minimum: the rows wrap rather than lose their meaning.
  shrink(floorOf(MIN_COLUMN), () => true);
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
