import { describe, expect, it } from 'vitest';
import { ArrayRowCells } from '../../../pipeline/read/row-cells.js';
import { ReturnSheet, normaliseAnswer, normaliseFindingId } from '../../../pipeline/follow/return-sheet.js';

/** Feeds rows (texts; a number marks a numeric cell) to a ReturnSheet, numbered from 1 as a sheet shows them. */
function read(rows: (string | number)[][]): ReturnSheet {
  const sheet = new ReturnSheet();
  const view = new ArrayRowCells();
  rows.forEach((cells, i) => sheet.onRow(view.set(cells.map(String), cells.map((c) => typeof c === 'number')), i + 1));
  return sheet;
}

const HEADER = ['序号', '问题编号', '学籍号', '姓名', '问题', '问题说明', '整改情况', '说明'];
const row = (n: number, id: string, answer = '', note = '') => [String(n), id, `G${n}`, '某某', '问题', '说明文字', answer, note];

describe('ReturnSheet: the rows of one returned fix-list sheet', () => {
  it('finds the header below title lines, and keeps those lines', () => {
    const sheet = read([
      ['城北中心小学学籍核查整改清单'],
      ['学校标识码：2134160001    学区：城北    整改期限：2025年11月18日'],
      ['问题汇总：监护人信息不全 2 条'],
      HEADER,
      row(1, 'aaaaaaaaaaa1', '已整改', '已补录'),
      row(2, 'aaaaaaaaaaa2'),
    ]);
    expect(sheet.headerRow).toBe(4);
    expect(sheet.titleLines).toEqual(['城北中心小学学籍核查整改清单', '学校标识码：2134160001    学区：城北    整改期限：2025年11月18日', '问题汇总：监护人信息不全 2 条']);
    expect(sheet.rows).toEqual([
      { row: 5, findingId: 'aaaaaaaaaaa1', answerText: '已整改', answer: '已整改', note: '已补录' },
      { row: 6, findingId: 'aaaaaaaaaaa2', answerText: '', answer: null, note: '' },
    ]);
  });

  it('reads a header moved further down, rows sorted, deleted and inserted, and a column added before 整改情况', () => {
    const header = ['序号', '问题编号', '学籍号', '姓名', '问题', '问题说明', '责任人', '整改情况', '说明'];
    const sheet = read([
      ['报送单位：城北中心小学'],
      [],
      ['报送日期：2025年11月20日'],
      [],
      header,
      ['3', 'aaaaaaaaaaa3', 'G3', '某某', '问题', '说明文字', '王老师', '无法整改', '学生已出国'],
      [],
      ['', '', '', '', '', '', '', '', '以下两条已于11月15日补录'],
      ['1', 'aaaaaaaaaaa1', 'G1', '某某', '问题', '说明文字', '李老师', '已整改', ''],
    ]);
    expect(sheet.headerRow).toBe(5);
    expect(sheet.rows.map((r) => [r.row, r.findingId, r.answer, r.note])).toEqual([
      [6, 'aaaaaaaaaaa3', '无法整改', '学生已出国'],
      [9, 'aaaaaaaaaaa1', '已整改', ''],
    ]);
    // The school's own remark line has no 问题编号: not a data row, but told.
    expect(sheet.withoutId).toBe(1);
  });

  it('skips a repeated header and blank rows; a sheet without the header gives nothing', () => {
    const sheet = read([HEADER, row(1, 'aaaaaaaaaaa1', '已整改'), [], HEADER, row(2, 'aaaaaaaaaaa2', '无需整改', '重复报送')]);
    expect(sheet.rows.map((r) => [r.row, r.findingId, r.answer])).toEqual([[2, 'aaaaaaaaaaa1', '已整改'], [5, 'aaaaaaaaaaa2', '无需整改']]);
    const notes = read([['填表说明'], ['1. 整改情况请从下拉列表中选择'], ['问题编号由系统生成，请勿修改']]);
    expect([notes.hasHeader, notes.rows]).toEqual([false, []]);
  });

  it('keeps an answer outside the list as typed, with no answer taken', () => {
    const sheet = read([HEADER, row(1, 'aaaaaaaaaaa1', '已改正'), row(2, 'aaaaaaaaaaa2', ' 已 整改 ')]);
    expect(sheet.rows.map((r) => [r.answerText, r.answer])).toEqual([['已改正', null], ['已 整改', '已整改']]);
  });

  it('takes the 说明 right of 整改情况 (not 问题说明), or a renamed note column, and headers with a note in brackets', () => {
    const renamed = read([['问题编号', '说明', '整改情况（请选择）', '备注'], ['aaaaaaaaaaa1', '问题的说明', '已整改', '学校的说明']]);
    expect(renamed.rows.map((r) => r.note)).toEqual(['学校的说明']);
    const left = read([['问题编号', '备注', '整改情况'], ['aaaaaaaaaaa1', '左边的备注', '已整改']]);
    expect(left.rows.map((r) => r.note)).toEqual(['左边的备注']);
    const after = read([['说明', '问题编号', '整改情况（已整改/无需整改/无法整改）', '说明'], ['左', 'aaaaaaaaaaa1', '已整改', '右']]);
    expect(after.rows.map((r) => r.note)).toEqual(['右']);
    const noNote = read([['问题编号', '整改情况'], ['aaaaaaaaaaa1', '已整改']]);
    expect(noNote.rows.map((r) => [r.answer, r.note])).toEqual([['已整改', '']]);
  });
});

describe('normalising what schools typed', () => {
  it('问题编号: case, spaces, a leading apostrophe, and leading zeros Excel dropped from a number', () => {
    expect(normaliseFindingId(' 5FCF F3CB4B4E ', false)).toBe('5fcff3cb4b4e');
    expect(normaliseFindingId("'0123456789ab", false)).toBe('0123456789ab');
    expect(normaliseFindingId('12345678901', true)).toBe('012345678901');
    expect(normaliseFindingId('12345678901', false)).toBe('12345678901');
    expect(normaliseFindingId('５ｆｃｆｆ３ｃｂ４ｂ４ｅ', false)).toBe('5fcff3cb4b4e');
  });

  it('整改情况: only 已整改 / 无需整改 / 无法整改, spaces aside', () => {
    expect(['已整改', '无需整改', '无法整改', '无 法 整 改', '　已整改'].map(normaliseAnswer)).toEqual(['已整改', '无需整改', '无法整改', '无法整改', '已整改']);
    expect(['已改正', '整改中', '已整改。', '是', ''].map(normaliseAnswer)).toEqual([null, null, null, null, null]);
  });
});
