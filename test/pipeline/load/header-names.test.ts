import { describe, expect, it } from 'vitest';
import { normaliseHeader, tableHeaders } from '../../../pipeline/load/header-names.js';
import type { InputName } from '../../../pipeline/load/input-tables.js';

const classifyHeader = (h: string, table: InputName) => tableHeaders(table).classify(h);
import { HeaderMatcher } from '../../../pipeline/load/header-row.js';
import { tableSpec } from '../../../pipeline/load/input-tables.js';

describe('header names', () => {
  it('compares after trimming, folding full-width characters, removing spaces and asterisks, ignoring case', () => {
    expect(normaliseHeader(' 身份证件 号码 ')).toBe('身份证件号码');
    expect(normaliseHeader('＊姓名（必填）')).toBe('姓名(必填)');
    expect(normaliseHeader('ＩＤ\u3000号')).toBe('id号');
  });

  it('recognises contract aliases, common variants and headers with a trailing note', () => {
    const column = (h: string, table: Parameters<typeof classifyHeader>[1] = 'registry') => {
      const k = classifyHeader(h, table);
      return k.kind === 'field' ? k.column : k.kind;
    };
    expect(['身份证件号', '身份证号', '公民身份号码', '所在年级', '学生姓名', '性别（男/女）', '性别(男/女)', '性别【男/女】', '出生年月日', '出生年月',
      '出生日期(yyyy-mm-dd)', '学生状态', '学生学籍状态', '学校', '*全国学籍号'].map((h) => column(h))).toEqual([
      'id_number', 'id_number', 'id_number', 'grade', 'name', 'sex', 'sex', 'sex', 'birth_date', 'birth_date',
      'birth_date', 'status', 'status', 'school_name', 'student_no']);
    expect(classifyHeader('家庭成员2与学生关系', 'registry')).toEqual({ kind: 'member', member: 2, column: 'relation' });
    expect(classifyHeader('成员1身份证件号', 'registry')).toEqual({ kind: 'member', member: 1, column: 'id_number' });
    // Known columns a table does not use, and those it does.
    expect([column('序号'), column('学区', 'headcounts'), column('学校名称', 'quotas'), column('学区', 'schools')]).toEqual(['unused', 'unused', 'unused', 'district']);
    expect([column('身份证件编号'), column('学籍辅号'), column('联系地址')]).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('names the nearest known header of the table when one is close', () => {
    const registry = tableHeaders('registry');
    expect(registry.nearest('身份证件编号')).toBe('身份证件号码');
    expect(registry.nearest('学生身份证件号码')).toBe('身份证件号码');
    expect(tableHeaders('headcounts').nearest('现场核查学生人数')).toBe('现场核查学生数');
    expect(registry.nearest('联系地址')).toBeUndefined(); // 联系电话 is two edits away
    expect(registry.nearest('备注')).toBeUndefined();
  });

  it('the header row reports each column as mapped, unused or unrecognised (with the nearest header)', () => {
    const match = new HeaderMatcher(tableSpec('registry')).match(['序号', '全国学籍号', '学生姓名', '身份证件编号', '学校代码', '备注', ''], 3);
    expect(match.kind).toBe('header');
    if (match.kind !== 'header') return;
    expect(match.map.report).toEqual({
      mapped: ['全国学籍号', '学生姓名', '学校代码'],
      unused: ['序号'],
      unrecognised: [{ header: '身份证件编号', nearest: '身份证件号码' }, { header: '备注', nearest: undefined }],
    });
  });
});
