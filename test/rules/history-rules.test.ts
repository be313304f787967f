import { describe, expect, it } from 'vitest';
import { keysOf, pupil, runRuleCampaign } from '../helpers/rule-campaign.js';

describe('GRADE_REPEAT, CONTINUATION_MISSING (against last year)', () => {
  const now = (no: string, grade: string, extra = {}) => pupil({ no, grade, id: '', idType: '护照', ...extra });
  const registry = [
    now('UP', '四年级'),
    now('SAME', '三年级'),
    now('DOWN', '二年级'),
    now('LEAVE', '三年级'),
    now('G10', '高一', { birth: '2009-03-01' }),
    now('G12', '高三', { birth: '2007-03-01' }),
    pupil({ no: 'NEWNO', grade: '三年级', id: '341623201603150011' }),
    pupil({ no: 'G7_MOVED', grade: '七年级', birth: '2012-03-01', school: 'S3', id: '341623201203010015' }),
    now('G7_SAMENO', '七年级', { birth: '2012-03-01', school: 'S3' }),
    now('TWICE', '三年级'),
  ];
  const previous = [
    now('UP', '三年级'),
    now('SAME', '三年级'),
    now('DOWN', '三年级'),
    now('LEAVE', '三年级', { status: '休学' }),
    now('G10', '高一', { birth: '2009-03-01' }),
    now('G12', '高三', { birth: '2007-03-01' }),
    pupil({ no: 'OLDNO', grade: '三年级', id: '341623201603150011' }),
    pupil({ no: 'L_OLD', grade: '六年级', birth: '2012-03-01', school: 'S2', id: '341623201203010015' }),
    now('G7_SAMENO', '六年级', { birth: '2012-03-01' }),
    now('GONE', '六年级', { birth: '2012-03-01', school: 'S2' }),
    now('GONE_OUT', '六年级', { birth: '2012-03-01', status: '转出' }),
    now('G9_GONE', '九年级', { birth: '2009-03-01' }),
    // Two records of one pupil in the same grade: the pick must not depend on row order.
    now('TWICE', '三年级', { school: 'S2' }),
    now('TWICE', '三年级'),
  ];
  const { findings } = runRuleCampaign({ registry, previous });

  it('GRADE_REPEAT: compulsory grade not above last year (not after 休学), 高三 twice, matched by ID when the 学籍号 changed', () => {
    expect(keysOf(findings, 'GRADE_REPEAT')).toEqual(['DOWN', 'G12', 'NEWNO', 'SAME', 'TWICE']);
    expect(findings.find((f) => f.rule === 'GRADE_REPEAT' && f.student_key === 'NEWNO')!.detail).toBe('上一学年为三年级（第一小学），本学年为三年级：义务教育阶段不得留级（按身份证件号码匹配，学籍号已变更）');
    expect(findings.find((f) => f.rule === 'GRADE_REPEAT' && f.student_key === 'G12')!.detail).toMatch(/高三复读生/);
    // Same grade twice last year: the record with the lower 学校标识码 (S1) is the one shown.
    expect(findings.find((f) => f.rule === 'GRADE_REPEAT' && f.student_key === 'TWICE')!.detail).toBe('上一学年为三年级（第一小学），本学年为三年级：义务教育阶段不得留级');
  });

  it('CONTINUATION_MISSING: last year\'s grade-6 在校 pupils not found now, attached to the previous school and row', () => {
    const found = findings.filter((f) => f.rule === 'CONTINUATION_MISSING');
    expect(found.map((f) => [f.student_key, f.school_code, f.source_file, f.source_row])).toEqual([['GONE', 'S2', 'in/previous.csv', '11']]);
  });
});
