// Tables the way gh prints them: on a terminal, aligned columns under a header; in a pipe, tab-separated
// rows without a header, nothing truncated, so that `cut` and `awk` work.

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | undefined | null;
}

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], tty: boolean, bold: (s: string) => string = (s) => s): string {
  const cells = rows.map((row) => columns.map((c) => clean(c.value(row))));
  if (!tty) return cells.map((r) => r.join('\t')).join('\n') + (cells.length > 0 ? '\n' : '');
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [bold(line(headers)), ...cells.map(line)].join('\n') + '\n';
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
