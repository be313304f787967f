import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeWorkbook } from '../../../reports/write/workbook-writer.js';
import { readXlsx } from '../../../pipeline/read/xlsx-reader.js';
import { rowNumbers, rowTexts } from '../../../pipeline/read/row-cells.js';
import { csvLine } from '../../../reports/write/csv-writer.js';
import { tempDir } from '../../helpers/workbook.js';
import { partText } from '../../helpers/sheet-reader.js';

describe('writeWorkbook', () => {
  const dir = tempDir();

  it('writes text, numbers and formula-looking text that our reader reads back as written, same bytes each time', async () => {
    const sheets = [{ name: '学校', options: { preamble: ['标题'], header: ['代码', '名称', '人数'], rows: [{ values: ['=SUM(A1)', '+86 138', 12] }, { values: ['@x', null, 0.125] }], ratioColumns: [] } }];
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    await writeWorkbook(a, { creator: 'xueji', date: '2025-10-28' }, sheets);
    await writeWorkbook(b, { creator: 'xueji', date: '2025-10-28' }, sheets);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const rows: { cells: string[]; numeric: boolean[] }[] = [];
    await readXlsx(a, (cells) => rows.push({ cells: rowTexts(cells), numeric: rowNumbers(cells) }));
    expect(rows.map((r) => r.cells.slice(0, 3))).toEqual([['标题', '', ''], ['代码', '名称', '人数'], ['=SUM(A1)', '+86 138', '12'], ['@x', '', '0.125']]);
    expect(rows[2].numeric.slice(0, 3)).toEqual([false, false, true]);
    expect(await partText(a)).not.toMatch(/<f[ >]/); // never a formula
  });
});

describe('csvLine', () => {
  it('quotes what needs quoting and keeps formula-looking text as text', () => {
    expect(csvLine(['a,b', 'say "hi"', '=1+1', 3])).toBe('"a,b","say ""hi""",\'=1+1,3\r\n');
  });
});
