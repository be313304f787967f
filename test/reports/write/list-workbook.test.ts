import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeListWorkbook } from '../../../reports/write/list-workbook.js';
import type { CellValue } from '../../../reports/write/workbook-writer.js';
import { partText, readSheet } from '../../helpers/sheet-reader.js';
import { tempDir } from '../../helpers/workbook.js';

const COLUMNS = [{ header: '编号', width: 20, kind: 'text' as const }, { header: '说明', width: 30, kind: 'text' as const }, { header: '行号', width: 8, kind: 'number' as const }];

async function* batches(...list: CellValue[][][]): AsyncGenerator<CellValue[][]> {
  for (const b of list) yield b;
}

describe('writeListWorkbook', () => {
  const dir = tempDir('xueji-list-');
  const rows: CellValue[][] = [
    ['341623201403020011', '=SUM(A1)', 2], ['0012', ' 前后有空格 ', 3], ['3.41623E+17', 'a & b <c> "d" _x0041_', 4], ['G1', null, 5], ['G2', '\u0001控制字符', 6],
  ];

  it('writes text cells that read back as text (IDs never numbers), numbers as numbers, the same bytes each time', async () => {
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    expect(await writeListWorkbook(a, { creator: 'x', date: '2025-10-28' }, { name: '问题清单', columns: COLUMNS }, batches(rows.slice(0, 2), [], rows.slice(2)))).toBe(5);
    await writeListWorkbook(b, { creator: 'x', date: '2025-10-28' }, { name: '问题清单', columns: COLUMNS }, batches(rows));
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true); // batch boundaries do not change the bytes
    const back = await readSheet(a);
    expect(back.rows).toEqual([['编号', '说明', '行号'], ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))]);
    expect(back.numeric.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(rows.map(() => [false, false, true]));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(a);
    const sheet = book.getWorksheet('问题清单')!;
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:C6');
    expect(await partText(a)).not.toMatch(/<f[ >]/);
  });

  it('goes on in a further sheet, with the header, beyond the rows a sheet holds', async () => {
    const path = join(dir, 'split.xlsx');
    expect(await writeListWorkbook(path, { creator: 'x', date: '2025-10-28' }, { name: '问题清单', columns: COLUMNS }, batches(rows.slice(0, 3), rows.slice(3)), 2)).toBe(5);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([['问题清单', 3], ['问题清单2', 3], ['问题清单3', 2]]);
    expect((await readSheet(path, '问题清单3')).rows).toEqual([['编号', '说明', '行号'], ['G2', '\u0001控制字符', '6']]);
  });

  it('an empty list is a header and one sheet', async () => {
    const path = join(dir, 'empty.xlsx');
    expect(await writeListWorkbook(path, { creator: 'x', date: '2025-10-28' }, { name: '问题清单', columns: COLUMNS }, batches())).toBe(0);
    expect((await readSheet(path)).rows).toEqual([['编号', '说明', '行号']]);
  });
});
