// Tables on a terminal are cut to its width, measured in the columns characters take (CJK and emoji: two);
// in a pipe nothing is cut.

import { describe, expect, it } from 'vitest';
import { displayWidth, truncate } from '../../src/output/fit.js';
import { formatTable } from '../../src/output/table.js';

interface Row {
  id: string;
  name: string;
  state: string;
}

const COLUMNS = [
  { header: 'id', value: (r: Row) => r.id },
  { header: 'name', value: (r: Row) => r.name },
  { header: 'state', value: (r: Row) => r.state },
];
const ROWS: Row[] = [
  { id: '0b090130-b58b-4819-afc7-8b6dc98b484d', name: 'flowctl crm.customers — the nightly load of every customer of the shop', state: 'enabled' },
  { id: '1a444165-3439-4c16-8441-653439dc166a', name: '顧客テーブルの毎晩のロード 🚀 with emoji', state: 'disabled' },
];

describe('fit', () => {
  it('measures CJK and emoji as two columns, combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('顧客')).toBe(4);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('cuts to a width with …, never halving a wide character or a grapheme', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('顧客テーブル', 6)).toBe('顧客…');
    expect(displayWidth(truncate('顧客テーブル', 6))).toBeLessThanOrEqual(6);
    expect(truncate('👨‍👩‍👧 family', 3)).toBe('👨‍👩‍👧…');
  });
});

describe('formatTable', () => {
  it('on a terminal of a given width, no line is wider than it and the widest column is cut first', () => {
    for (const width of [60, 80, 100]) {
      const lines = formatTable(ROWS, COLUMNS, { width }).trimEnd().split('\n');
      for (const line of lines) expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      // Words are cut before identifiers: the ids stay whole while the names take the cut.
      expect(lines[1]).toContain(ROWS[0]!.id);
      expect(lines[1]).toContain('…');
      // Columns stay aligned in display columns, CJK included.
      const stateAt = displayWidth(lines[0]!.slice(0, lines[0]!.indexOf('STATE')));
      expect(lines.slice(1).map((l) => displayWidth(l.slice(0, l.lastIndexOf(' ') + 1)))).toEqual([stateAt, stateAt]);
    }
  });

  it('cuts words to 16 columns before a long identifier (a URI), and the URI before words go shorter', () => {
    const rows = [{ kind: 'Identity descriptor', name: 'flowctl crm.customers schema', id: `https://ns.adobe.com/flowctl/schemas/${'0'.repeat(48)}`, detail: 'XDM Individual Profile + person details' }];
    const columns = [
      { header: 'resource', value: (r: (typeof rows)[number]) => r.kind },
      { header: 'name', value: (r: (typeof rows)[number]) => r.name },
      { header: 'id', value: (r: (typeof rows)[number]) => r.id },
      { header: 'detail', value: (r: (typeof rows)[number]) => r.detail },
    ];
    const [, line] = formatTable(rows, columns, { width: 100 }).split('\n');
    expect(line).toBe(`Identity descri…  flowctl crm.cus…  https://ns.adobe.com/flowctl/schemas/00000000…  XDM Individual …`);
    expect(displayWidth(line!)).toBeLessThanOrEqual(100);
  });

  it('a column of identifiers with one phrase among them ("(all tables)") is kept whole while names (some empty) are cut', () => {
    const rows = [
      { table: 'crm.customers', name: 'crm customers dataflow of the night' },
      { table: 'crm.customers', name: 'crm customers mapping set' },
      { table: 'crm.customers', name: '-' },
      { table: 'crm.customers', name: '-' },
      { table: '(all tables)', name: 'demo crm base connection' },
    ];
    const columns = [
      { header: 'table', value: (r: (typeof rows)[number]) => r.table },
      { header: 'name', value: (r: (typeof rows)[number]) => r.name },
    ];
    expect(formatTable(rows, columns, { width: 30 }).split('\n').slice(1, 3)).toEqual(['crm.customers  crm customers …', 'crm.customers  crm customers …']);
  });

  it('a column of words is words however many of its rows are empty: its long text is cut before shorter names', () => {
    const rows = [
      { kind: 'Identity descriptor', detail: 'class chosen from the table: profile when it has an identity' },
      { kind: 'Source connection', detail: 'custom fields for the columns no standard field takes' },
      ...['Dataset', 'Target connection', 'Mapping set', 'Dataflow'].map((kind) => ({ kind, detail: '' })),
    ];
    const columns = [
      { header: 'resource', value: (r: (typeof rows)[number]) => r.kind },
      { header: 'detail', value: (r: (typeof rows)[number]) => r.detail },
    ];
    expect(formatTable(rows, columns, { width: 40 }).split('\n').slice(1, 3)).toEqual(['Identity descriptor  class chosen from …', 'Source connection    custom fields for …']);
  });

  it('a table that fits is not cut; a pipe gets every value whole, tab-separated', () => {
    expect(formatTable(ROWS, COLUMNS, { width: 500 })).toBe(formatTable(ROWS, COLUMNS, true));
    expect(formatTable(ROWS, COLUMNS, false)).toBe(ROWS.map((r) => `${r.id}\t${r.name}\t${r.state}`).join('\n') + '\n');
  });

  it('never cuts a column below its minimum: on a very narrow terminal the rows wrap instead', () => {
    const lines = formatTable(ROWS, COLUMNS, { width: 10 }).trimEnd().split('\n');
    expect(lines[0]).toBe('ID        NAME      STATE');
    // Padded by display columns: 顧客テ… is 7 columns wide in a column of 8.
    expect(lines[2]).toBe('1a44416…  顧客テ…   disabled');
  });
});
