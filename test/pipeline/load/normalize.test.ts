import { describe, expect, it } from 'vitest';
import { cleanText, isKnownStatus, normaliseCode, normaliseCount, normaliseDate, normaliseGrade, normaliseId, normalisePhone, normaliseSex, normaliseStatus } from '../../../pipeline/load/normalize.js';
import { pushFieldValues } from '../../../pipeline/load/row-values.js';
import { tableSpec } from '../../../pipeline/load/input-tables.js';
import type { StoreValue } from '../../../pipeline/load/store-columns.js';

describe('normalisation', () => {
  it('grades from names, short forms and national codes', () => {
    const cases: [string, number | null][] = [
      ['一年级', 1], ['六年级', 6], ['七年级', 7], ['九年级', 9], ['初一', 7], ['初三', 9], ['高一', 10], ['高三', 12],
      ['高中一年级', 10], ['初中二年级', 8], ['11', 1], ['16', 6], ['21', 7], ['23', 9], ['31', 10], ['33', 12], [' 二年级 ', 2],
      ['十年级', null], ['17', null], ['', null],
    ];
    for (const [raw, grade] of cases) expect([raw, normaliseGrade(raw)]).toEqual([raw, grade]);
  });

  it('dates in every listed format, Excel serials in both date systems, impossible dates as null', () => {
    expect(normaliseDate('2014-03-02', false)).toBe('2014-03-02');
    expect(normaliseDate('2014/3/2', false)).toBe('2014-03-02');
    expect(normaliseDate('20140302', false)).toBe('2014-03-02');
    expect(normaliseDate('2014年3月2日', false)).toBe('2014-03-02');
    expect(normaliseDate('2014.03.02', false)).toBe('2014-03-02');
    expect(normaliseDate('2014-03-02 00:00:00', false)).toBe('2014-03-02');
    expect(normaliseDate('41700', true)).toBe('2014-03-02');
    expect(normaliseDate('40238', true, true)).toBe('2014-03-02');
    expect(normaliseDate('２０１４－０３－０２', false)).toBe(null);
    expect(normaliseDate('20150230', false)).toBe(null);
    expect(normaliseDate('2014-13-01', false)).toBe(null);
  });

  it('IDs: spaces, full-width digits, lower-case x; Excel-damaged numbers are flagged', () => {
    expect(normaliseId(' 3416 2320140302 001x ', false)).toEqual({ value: '34162320140302001X', excelDamaged: false });
    expect(normaliseId('３４１６２３２０１４０３０２００１Ｘ', false)).toEqual({ value: '34162320140302001X', excelDamaged: false });
    expect(normaliseId('341623201403020000', true)).toEqual({ value: '341623201403020000', excelDamaged: true });
    expect(normaliseId('3.41623201403E+17', false)).toEqual({ value: '341623201403000000', excelDamaged: true });
    expect(normaliseId('3.41623E+17', false)).toEqual({ value: '341623000000000000', excelDamaged: true });
    expect(normaliseId('341623201403020000', false)).toEqual({ value: '341623201403020000', excelDamaged: false });
  });

  it('sex, status, phone, counts and invisible characters', () => {
    expect(['男', '1', 'M', 'm', '女', '2', 'F', '未知'].map(normaliseSex)).toEqual(['男', '男', '男', '男', '女', '女', '女', null]);
    expect(normaliseStatus('在籍在校')).toBe('在校');
    expect(normaliseStatus('休学')).toBe('休学');
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('8613812345678')).toBe('13812345678');
    expect(normalisePhone('0558-1234567')).toBe('05581234567');
    expect(normaliseCount('1,234')).toBe(1234);
    expect(normaliseCount('12.0')).toBe(12);
    expect(normaliseCount('-3')).toBe(null);
    expect(cleanText('\u200B张\u202E三\u0000 ')).toBe('张三');
    expect(cleanText('ＡＢＣ１２３')).toBe('ABC123');
  });

  it('values already in normal form come back unchanged; leap days are checked without Date', () => {
    expect(normaliseId('34162320140302001X', false)).toEqual({ value: '34162320140302001X', excelDamaged: false });
    expect(normaliseId('341623000000000E17', false).value).toBe('341623000000000'.padEnd(32, '0'));
    expect(normaliseCode('G341623201403020011')).toBe('G341623201403020011');
    expect(normalisePhone('13812345678')).toBe('13812345678');
    expect(normaliseDate('2020-02-29', false)).toBe('2020-02-29');
    expect(normaliseDate('2019-02-29', false)).toBe(null);
    expect(normaliseDate('1900-02-29', false)).toBe(null);
    expect(normaliseDate('2000-02-29', false)).toBe('2000-02-29');
    expect(normaliseDate('2019-04-31', false)).toBe(null);
  });

  it('digit-only text is never an Excel serial: serials come from numeric cells only', () => {
    expect(normaliseDate('2014', false)).toBe(null);
    expect(normaliseDate('41700', false)).toBe(null);
    expect(normaliseDate('41700', true)).toBe('2014-03-02');
    expect(normaliseDate('2014', true)).toBe('1905-07-06');
    expect(normaliseDate('2014-03', false)).toBe(null);
  });

  it('a date, grade, sex or status that cannot be read keeps its text in the _raw value; a readable or empty one does not', () => {
    const field = (column: string) => tableSpec('registry').fields.find((f) => f.column === column)!;
    const values = (column: string, raw: string | undefined, numeric = false) => {
      const out: StoreValue[] = [];
      pushFieldValues(out, field(column), raw, numeric, { date1904: false });
      return out;
    };
    expect(values('birth_date', '2014年3月2日')).toEqual(['2014-03-02', null]);
    expect(values('birth_date', ' 2018-02-30 ')).toEqual([null, '2018-02-30']);
    expect(values('birth_date', '2014')).toEqual([null, '2014']);
    expect(values('birth_date', '41700', true)).toEqual(['2014-03-02', null]);
    expect(values('birth_date', '')).toEqual([null, null]);
    expect(values('birth_date', undefined)).toEqual([null, null]);
    expect(values('grade', '十年级')).toEqual([null, '十年级']);
    expect(values('grade', '初一')).toEqual([7, null]);
    expect(values('sex', '未知')).toEqual([null, '未知']);
    expect(values('sex', 'F')).toEqual(['女', null]);
    expect(values('status', '在籍在校')).toEqual(['在校', null]);
    expect(values('status', ' 未知 ')).toEqual(['未知', '未知']);
    expect(values('status', '')).toEqual([null, null]);
    expect(['在校', '休学', '转出', '退学', '毕业', '在读', '未知'].map(isKnownStatus)).toEqual([true, true, true, true, true, false, false]);
  });
});
