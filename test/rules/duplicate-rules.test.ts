import { describe, expect, it } from 'vitest';
import { keysOf, pupil, runRuleCampaign, validId } from '../helpers/rule-campaign.js';

describe('DUPLICATE_ID, DUPLICATE_SUSPECT', () => {
  const shared = validId('2016-05-01', 201);
  const typoBase = validId('2016-06-01', 301);
  const substituted = typoBase.slice(0, 15) + String((Number(typoBase[15]) + 1) % 10) + typoBase.slice(16);
  const swapBase = validId('2016-07-01', 321);
  const swapped = swapBase.slice(0, 14) + swapBase[15] + swapBase[14] + swapBase.slice(16);
  const farBase = validId('2016-08-01', 401);
  const registry = [
    pupil({ no: 'DUP_A', id: shared, name: '王一', birth: '2016-05-01' }),
    pupil({ no: 'DUP_B', id: shared, name: '王一', birth: '2016-05-01', school: 'S2' }),
    // The same 学籍号 on two records: DUPLICATE_ID by its 学籍号 clause (not by the ID clause, which needs two 学籍号).
    pupil({ no: 'TWICE', id: validId('2016-05-02', 211) }),
    pupil({ no: 'TWICE', id: validId('2016-05-02', 211) }),
    // (a) an empty-ID record equal in name, sex and birth date to another record.
    pupil({ no: 'WITH_ID', name: '李二', birth: '2016-04-04', id: validId('2016-04-04', 221) }),
    pupil({ no: 'NO_ID', name: '李二', birth: '2016-04-04', id: '', idType: '', school: 'S2' }),
    // Near miss: empty ID, same name, another birth date.
    pupil({ no: 'NO_ID_OTHER', name: '李二', birth: '2016-04-05', id: '', idType: '' }),
    // (b) IDs one substitution / one adjacent transposition apart.
    pupil({ no: 'SUB_A', name: '张三', birth: '2016-06-01', id: typoBase }),
    pupil({ no: 'SUB_B', name: '张三', birth: '2016-06-01', id: substituted, school: 'S2' }),
    pupil({ no: 'SWAP_A', name: '赵四', birth: '2016-07-01', id: swapBase }),
    pupil({ no: 'SWAP_B', name: '赵四', birth: '2016-07-01', id: swapped }),
    // Near misses: twins (other names), and two children with the same name and birthday whose IDs are far apart.
    pupil({ no: 'TWIN_A', name: '孙大', birth: '2016-08-01', id: farBase }),
    pupil({ no: 'TWIN_B', name: '孙二', birth: '2016-08-01', id: validId('2016-08-01', 403) }),
    pupil({ no: 'SAME_NAME', name: '孙大', birth: '2016-08-01', id: validId('2016-08-01', 457) }),
  ];
  const { findings } = runRuleCampaign({ registry });

  it('DUPLICATE_ID: every record sharing an ID with a record of another 学籍号, naming the other school', () => {
    expect(keysOf(findings, 'DUPLICATE_ID').filter((k) => k !== 'TWICE')).toEqual(['DUP_A', 'DUP_B']);
    expect(findings.find((f) => f.rule === 'DUPLICATE_ID' && f.student_key === 'DUP_A')!.detail).toBe('身份证件号码与其他学籍相同：第二小学 学籍号 DUP_B');
  });

  it('DUPLICATE_ID: every record whose 全国学籍号 another current record has too, the detail saying so and where the other is', () => {
    const twice = findings.filter((f) => f.rule === 'DUPLICATE_ID' && f.student_key === 'TWICE');
    expect(twice.map((f) => f.source_row).sort()).toEqual(['4', '5']);
    expect(twice.find((f) => f.source_row === '4')!.detail).toBe('全国学籍号与其他学籍重复：第一小学 in/registry.csv 第5行');
    // Both clauses on one record: one finding, both said.
    const both = runRuleCampaign({ registry: [pupil({ no: 'X1', id: shared }), pupil({ no: 'X2', id: shared }), pupil({ no: 'X2', school: 'S2' })] }).findings;
    expect(both.filter((f) => f.rule === 'DUPLICATE_ID').map((f) => [f.student_key, f.detail]).sort()).toEqual([
      ['X1', '身份证件号码与其他学籍相同：第一小学 学籍号 X2'],
      ['X2', '全国学籍号与其他学籍重复：第一小学 in/registry.csv 第3行'],
      ['X2', '身份证件号码与其他学籍相同：第一小学 学籍号 X1；全国学籍号与其他学籍重复：第二小学 in/registry.csv 第4行'],
    ]);
  });

  it('DUPLICATE_SUSPECT: (a) the empty-ID record only; (b) both records; twins and far IDs are not suspects', () => {
    expect(keysOf(findings, 'DUPLICATE_SUSPECT')).toEqual(['NO_ID', 'SUB_A', 'SUB_B', 'SWAP_A', 'SWAP_B']);
    expect(findings.find((f) => f.rule === 'DUPLICATE_SUSPECT' && f.student_key === 'NO_ID')!.detail).toMatch(/^身份证件号码为空，与 第一小学 学籍号 WITH_ID 的姓名、性别、出生日期相同/);
  });
});
