import { describe, expect, it } from 'vitest';
import { CSV_HEADERS, findingsToCsv } from '../../../lib/report/csv';
import { finding, HOSTILE } from './sample-snapshot';

/** A small RFC 4180 reader: quoted cells, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else cell += char;
  }
  return rows;
}

describe('findingsToCsv', () => {
  const record = finding({ bucket: 'prod-uploads', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', evidence: { origin: '*', methods: ['PUT', 'POST'] } });

  it('writes a header and one CRLF record per finding', () => {
    const csv = findingsToCsv([record, { ...record, findingId: 'f-2' }]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(CSV_HEADERS);
    expect(rows).toHaveLength(3);
    const row = Object.fromEntries(CSV_HEADERS.map((header, index) => [header, rows[1]?.[index]]));
    expect(row).toMatchObject({ bucket: 'prod-uploads', severity: 'critical', corsRuleNumber: '1', evidence: '{"origin":"*","methods":["PUT","POST"]}', truncated: 'false' });
  });

  it('writes only the header for no findings', () => {
    expect(findingsToCsv([])).toBe(`${CSV_HEADERS.join(',')}\r\n`);
  });

  it.each([
    ['formula', '=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['plus command', '+cmd|/C calc!A0', `'+cmd|/C calc!A0`],
    ['at sign', '@SUM(1+1)', `'@SUM(1+1)`],
    ['comma and quote', 'a,"b"', 'a,"b"'],
    ['newline', 'line1\nline2', 'line1\nline2'],
    ['script', HOSTILE.scriptClose, HOSTILE.scriptClose],
  ])('keeps a hostile %s in its cell, guarded against formula execution', (_name, message, expected) => {
    const rows = parseCsv(findingsToCsv([{ ...record, message, accountName: message }]));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(CSV_HEADERS.length);
    expect(rows[1]?.[CSV_HEADERS.indexOf('message')]).toBe(expected);
    expect(rows[1]?.[CSV_HEADERS.indexOf('accountName')]).toBe(expected);
  });

  it('bounds a cell below the spreadsheet limit with a marker', () => {
    const rows = parseCsv(findingsToCsv([{ ...record, message: 'x'.repeat(100_000) }]));
    const message = rows[1]?.[CSV_HEADERS.indexOf('message')] ?? '';
    expect(message.length).toBeLessThanOrEqual(32_000);
    expect(message).toMatch(/… \[\+\d+ chars\]$/);
  });
});
