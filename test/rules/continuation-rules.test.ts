import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/findings-compare.js';
import { keysOf, pupil, runRuleCampaign, validId } from '../helpers/rule-campaign.js';

describe('CONTINUATION_PENDING, CONTINUATION_NOT_FOUND and continuation.csv', () => {
  const id = (n: number) => validId('2019-05-01', n);
  const header = ['姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '学校标识码'];
  const newStudents = [header,
    ['甲', '男', '2019-05-01', '居民身份证', id(1), 'S1'],
    ['乙', '男', '2019-05-01', '居民身份证', id(3), 'S1'],
    ['丙', '男', '2019-05-01', '居民身份证', id(5), 'S1'],
    ['丁', '男', '2019-05-01', '居民身份证', id(7), 'S1'],
    ['戊', '男', '2019-05-01', '居民身份证', id(9), 'S1'],
    ['己', '男', '2019-05-01', '居民身份证', id(11), 'S2'],
    ['庚', '男', '2019-05-01', '居民身份证', id(13).toLowerCase(), 'S2'],
  ];
  const kg = [['姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '幼儿园名称', '学前学籍号'],
    ['甲', '男', '2019-05-01', '居民身份证', id(1), '一幼', 'K1'],
    ['乙二', '男', '2019-05-01', '居民身份证', id(3), '一幼', 'K2'],
    ['丙', '男', '2019-05-01', '居民身份证', id(105), '一幼', 'K3'],
    ['丁', '男', '2019-05-01', '', '', '一幼', 'K4'],
    ['戊', '男', '2019-05-01', '居民身份证', id(9), '一幼', 'K5'],
    ['戊', '男', '2019-05-01', '居民身份证', id(9), '二幼', 'K6'],
    ['己', '男', '2019-06-01', '', '', '一幼', 'K7'],
    ['庚', '男', '2019-05-01', '居民身份证', ` ${id(13).slice(0, 6)} ${id(13).slice(6)}`, '一幼', ''],
  ];
  const { findings, out } = runRuleCampaign({ registry: [pupil()], newStudents, preschool: kg });

  it('PENDING: same ID other name, same name+sex+birth with other or empty ID, several exact matches; NOT_FOUND: no candidate', () => {
    expect(keysOf(findings, 'CONTINUATION_PENDING')).toEqual([id(3), id(5), id(7), id(9)].sort());
    expect(keysOf(findings, 'CONTINUATION_NOT_FOUND')).toEqual([id(11)]);
  });

  it('continuation.csv lists every entry with its status and candidate keys', () => {
    const rows = parseCsv(readFileSync(join(out, 'continuation.csv'), 'utf8'));
    expect(rows.map((r) => [r.student_name, r.status, r.candidates])).toEqual([
      ['甲', 'MATCHED', 'K1'], ['乙', 'PENDING', 'K2'], ['丙', 'PENDING', 'K3'], ['丁', 'PENDING', 'K4'],
      ['戊', 'PENDING', 'K5;K6'], ['己', 'NOT_FOUND', ''], ['庚', 'MATCHED', id(13)],
    ]);
  });
});
