import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keysOf, pupil, runRuleCampaign } from '../helpers/rule-campaign.js';

describe('AGE_GRADE, OVER_QUOTA, HEADCOUNT_GAP', () => {
  // Grade 3 in school year 2025: (grade + 5) = 8; age on 2025-09-01 minus 8 must lie in [-1, +2].
  const registry = [
    pupil({ no: 'AGE_OK_MINUS1', birth: '2018-09-01', id: '' }), // 7 on 9/1 → -1
    pupil({ no: 'AGE_MINUS2', birth: '2018-09-02', id: '' }), // 6 → -2
    pupil({ no: 'AGE_OK_PLUS2', birth: '2015-09-01', id: '' }), // 10 → +2
    pupil({ no: 'AGE_PLUS3', birth: '2014-09-01', id: '' }), // 11 → +3
    ...Array.from({ length: 50 }, (_, i) => pupil({ no: `S1_${i}`, school: 'S1', grade: '一年级', birth: '2019-03-01', id: '' })),
    ...Array.from({ length: 3 }, (_, i) => pupil({ no: `S1_LEAVE_${i}`, school: 'S1', grade: '一年级', birth: '2019-03-01', id: '', status: '休学' })),
    ...Array.from({ length: 10 }, (_, i) => pupil({ no: `S2_${i}`, school: 'S2', grade: '一年级', birth: '2019-03-01', id: '', status: i < 2 ? '' : '在籍在校' })),
  ];
  const quotas = [['学校标识码', '年级', '招生计划数'], ['S1', '一年级', 50], ['S2', '一年级', 7]];
  // S1 grade 1: registry 50 (休学 not counted), onsite 49 → 2.0%: not reported. S2: registry 10, onsite 12 → -20%.
  // S1 grade 3: registry 4, onsite 0 → 100%. S3: registry 0, onsite 5.
  const headcounts = [['学校标识码', '年级', '现场核查学生数'], ['S1', '一年级', 49], ['S2', '一年级', 12], ['S1', '三年级', 0], ['S3', '七年级', 5]];
  const { findings, summary } = runRuleCampaign({ registry, quotas, headcounts });

  it('AGE_GRADE: outside [-1, +2] on 9/1 of the school year; the edges are not reported', () => {
    expect(keysOf(findings, 'AGE_GRADE')).toEqual(['AGE_MINUS2', 'AGE_PLUS3']);
    expect(findings.find((f) => f.rule === 'AGE_GRADE' && f.student_key === 'AGE_PLUS3')!.detail).toBe('出生日期 2014-09-01，2025年9月1日满 11 周岁，就读三年级（该年级通常 8 周岁），相差 +3 岁');
  });

  it('OVER_QUOTA: 在校 count over plan per school × grade; 休学 and empty status not counted', () => {
    const found = findings.filter((f) => f.rule === 'OVER_QUOTA');
    expect(found.map((f) => [f.student_key, f.school_code, f.grade, f.source_row, f.detail])).toEqual([['', 'S2', '1', '3', '招生计划 7 人，在校学籍 8 人，超出计划 1 人']]);
  });

  it('HEADCOUNT_GAP: |diff / registry| over the threshold (not equal), and onsite pupils without any registry', () => {
    const found = findings.filter((f) => f.rule === 'HEADCOUNT_GAP').map((f) => [f.school_code, f.grade]);
    expect(found).toEqual([['S1', '3'], ['S2', '1'], ['S3', '7']]);
  });

  it('summary.json headcount per district, school and total; ratio = diff / registry, unrounded', () => {
    const h = summary.headcount as { districts: unknown[]; schools: unknown[]; total: unknown };
    expect(h.total).toEqual({ onsite: 66, registry: 64, diff: -2, ratio: -2 / 64 });
    expect(h.districts).toEqual([
      { district: '城北', onsite: 12, registry: 10, diff: -2, ratio: -0.2 },
      { district: '城关', onsite: 54, registry: 54, diff: 0, ratio: 0 },
    ]);
    expect(h.schools).toEqual([
      { district: '城北', school_code: 'S2', school_name: '第二小学', onsite: 12, registry: 10, diff: -2, ratio: -0.2 },
      { district: '城关', school_code: 'S3', school_name: '城关中学', onsite: 5, registry: 0, diff: -5, ratio: null },
      { district: '城关', school_code: 'S1', school_name: '第一小学', onsite: 49, registry: 54, diff: 5, ratio: 5 / 54 },
    ]);
    expect((summary.by_rule as Record<string, number>).HEADCOUNT_GAP).toBe(3);
  });

  it('a school-level HEADCOUNT_GAP (head counts without 年级) has the finding_id of rule|school_code| with an empty grade', () => {
    const whole = runRuleCampaign({ registry, headcounts: [['学校标识码', '现场核查学生数'], ['S2', 12]] }).findings.filter((f) => f.rule === 'HEADCOUNT_GAP');
    expect(whole.map((f) => [f.school_code, f.grade, f.finding_id])).toEqual([['S2', '', createHash('sha256').update('HEADCOUNT_GAP|S2|', 'utf8').digest('hex').slice(0, 12)]]);
  });
});
