import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../pipeline/read/csv-reader.js';
import { HeaderMatcher, isRepeatedHeader, type HeaderMap } from '../../../pipeline/load/header-row.js';
import { tableSpec } from '../../../pipeline/load/input-tables.js';
import { emptyCellBytes, rowTexts } from '../../../pipeline/read/row-cells.js';

const HEADER = '全国学籍号,姓名,性别,学校标识码,年级';

/** Each row after the header: whether isRepeatedHeader takes it for the header again. */
function repeated(lines: string[]): boolean[] {
  let map: HeaderMap | undefined;
  const found: boolean[] = [];
  const parser = new CsvParser((row, rowNumber) => {
    if (!map) {
      const match = new HeaderMatcher(tableSpec('registry')).match(rowTexts(row), rowNumber);
      if (match.kind !== 'header') throw new Error(`no header: ${match.kind}`);
      map = match.map;
    } else {
      found.push(isRepeatedHeader(row, map, emptyCellBytes()));
    }
  });
  parser.feed(Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n'));
  parser.end();
  return found;
}

describe('isRepeatedHeader', () => {
  it('skips the header repeated, also with blank or whitespace-only cells where its first columns were', () => {
    expect(repeated([
      HEADER,
      ' 全国学籍号 ,姓名,性别,学校标识码,年级',
      ',姓名,性别,学校标识码,年级',
      ' ,姓名,性别,学校标识码,年级',
      '\u3000,\u00a0,性别,学校标识码,年级',
    ])).toEqual([true, true, true, true, true]);
  });

  it('keeps data rows, also those with blank first columns or a header word in one cell', () => {
    expect(repeated([
      'G341623201403020011,张三,男,2134160001,六年级',
      ',,男,2134160001,六年级',
      '\u3000,李四,女,2134160001,五年级',
      '全国学籍号,王五,男,2134160001,四年级',
    ])).toEqual([false, false, false, false]);
  });
});
