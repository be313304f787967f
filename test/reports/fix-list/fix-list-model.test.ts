import { describe, expect, it } from 'vitest';
import { classLabel, entryCells, fixListModel, maskIdsIn } from '../../../reports/fix-list/fix-list-model.js';
import { CONTEXT, gradeGap, pupil } from './fix-list-rows.js';

describe('fixListModel', () => {
  it('shows the ID number in full only for a problem whose rule needs it, and says so in the header', () => {
    const rows = [pupil(1, 'ID_INVALID'), pupil(2, 'PHOTO_MISSING', { detail: '与 341623201500020019 的照片相同' })];
    const model = fixListModel(CONTEXT, rows);
    const header = model.columns.map((c) => c.header);
    expect(header).toEqual(['序号', '学籍号', '姓名', '班级', '问题', '问题说明', '身份证件号码', '问题编号', '整改情况', '说明']);
    const [invalid, photo] = model.entries.map((e) => entryCells(e, model.columns));
    expect(invalid.slice(1, 8)).toEqual(['G34162320150001001X', '学生1', '三年级(2)班', '身份证件号码无效', '第1条的说明', '34162320150001001X', 'f00000000001']);
    // 学籍号 in full for every problem; the ID number not listed for a photo; an ID inside its detail masked.
    expect(photo.slice(1, 7)).toEqual(['G34162320150002001X', '学生2', '三年级(2)班', '学生照片缺失', '与 341623********0019 的照片相同', '']);
    expect(model.privacyNote).toContain('学籍号完整列出');
    expect(model.privacyNote).toContain('本清单中为：身份证件号码无效');
  });

  it('leaves the ID column out when no problem of the school needs it', () => {
    const rows = [pupil(1, 'PHOTO_MISSING'), pupil(2, 'PHOTO_MISSING')];
    const model = fixListModel(CONTEXT, rows);
    expect(model.columns.map((c) => c.header)).not.toContain('身份证件号码');
    expect(model.privacyNote).toContain('不列证件号码');
  });

  it('lists the school-level problems first, numbered with the rest, with the grade (or 全校) as their class', () => {
    const rows = [pupil(1, 'PHOTO_MISSING'), gradeGap(6), gradeGap(null)];
    const model = fixListModel(CONTEXT, rows);
    expect(model.entries.map((e) => [e.group, e.cells['序号'], e.cells['班级'], e.cells['姓名']])).toEqual([
      [true, '1', '六年级', ''], [true, '2', '全校', ''], [false, '3', '三年级(2)班', '学生1'],
    ]);
    expect(model.groupColumns.map((c) => c.header)).toEqual(['序号', '问题', '年级', '问题说明', '问题编号', '整改情况', '说明']);
  });

  it('gives each problem kind its requirement and basis once, with its count', () => {
    const rows = [pupil(1, 'PHOTO_MISSING'), pupil(2, 'ID_INVALID'), pupil(3, 'PHOTO_MISSING')];
    const model = fixListModel(CONTEXT, rows);
    expect(model.summary.map((s) => [s.title, s.count, s.fix, s.basis])).toEqual([
      ['身份证件号码无效', 1, '身份证件号码无效的整改要求。', '身份证件号码无效的依据（《中小学生学籍管理办法》）。'],
      ['学生照片缺失', 2, '学生照片缺失的整改要求。', '学生照片缺失的依据（《中小学生学籍管理办法》）。'],
    ]);
    expect(model.total).toBe(3);
  });

  it('without a previous campaign there is no 跟踪 column', () => {
    const rows = [pupil(1, 'PHOTO_MISSING')];
    expect(fixListModel(CONTEXT, rows).columns.map((c) => c.header)).not.toContain('跟踪');
  });

  it('with follow-up states: a 跟踪 column, 整改不实 first in each table, counted in the summary', () => {
    const rows = [
      pupil(1, 'PHOTO_MISSING', { follow_up: '新增' }), pupil(2, 'PHOTO_MISSING', { follow_up: '未整改' }),
      pupil(3, 'ID_INVALID', { follow_up: '整改不实' }), pupil(4, 'PHOTO_MISSING', { follow_up: '反弹' }),
      gradeGap(5, { follow_up: '未整改' }), gradeGap(6, { follow_up: '整改不实' }),
    ];
    const model = fixListModel(CONTEXT, rows);
    expect(model.columns.map((c) => c.header)).toContain('跟踪');
    expect(model.groupColumns.map((c) => c.header)).toContain('跟踪');
    expect(model.entries.map((e) => [e.cells['序号'], e.cells['问题编号'], e.cells['跟踪']])).toEqual([
      ['1', 'g60000000000', '整改不实'], ['2', 'g50000000000', '上次已通报'],
      ['3', 'f00000000003', '整改不实'], ['4', 'f00000000001', '新增'], ['5', 'f00000000002', '上次已通报'], ['6', 'f00000000004', '反弹'],
    ]);
    expect(model.falseClaims).toBe(2);
    expect(model.summary.find((s) => s.title === '身份证件号码无效')!.falseClaims).toBe(1);
    expect(model.followUpNote).toContain('整改不实＝上次报“已整改”');
  });
});

describe('maskIdsIn and classLabel', () => {
  it('masks standalone 18-character ID numbers, not the ID inside a G-学籍号', () => {
    expect(maskIdsIn('证件号 34162320150001001X 与 G34162320150001001X')).toBe('证件号 341623********001X 与 G34162320150001001X');
  });

  it('names the class with its grade unless the class already names one', () => {
    expect([classLabel(3, '(2)班'), classLabel(3, '3年级(2)班'), classLabel(10, '高一(2)班'), classLabel(3, null), classLabel(null, null)])
      .toEqual(['三年级(2)班', '3年级(2)班', '高一(2)班', '三年级', '']);
  });
});
