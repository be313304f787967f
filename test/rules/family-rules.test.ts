import { describe, expect, it } from 'vitest';
import { keysOf, pupil, runRuleCampaign } from '../helpers/rule-campaign.js';

describe('GUARDIAN_MISSING, FAMILY_INCOMPLETE, PHOTO_MISSING', () => {
  const registry = [
    pupil({ no: 'OK' }),
    pupil({ no: 'OK_PLUS86', guardianPhone: '+86 138-1234-5678' }),
    pupil({ no: 'OK_LANDLINE', guardianPhone: '0558-8123456' }),
    pupil({ no: 'OK_Y', guardian: 'Y' }),
    pupil({ no: 'OK_FILE', guardianName: '', guardian: '', guardianPhone: '' }),
    pupil({ no: 'NO_MEMBER', guardianName: '', guardian: '', guardianPhone: '' }),
    pupil({ no: 'BAD_PHONE', guardianPhone: '1381234567' }),
    pupil({ no: 'NOT_GUARDIAN', guardian: '否' }),
    pupil({ no: 'NO_NAME', guardianName: '' }),
    pupil({ no: 'NO_HUKOU', hukou: '' }),
    pupil({ no: 'NO_ADDRESS', address: '' }),
    pupil({ no: 'PHOTO_NONE', photo: '无' }),
    pupil({ no: 'PHOTO_EMPTY', photo: '' }),
    pupil({ no: 'PHOTO_ZERO', photo: '0' }),
  ];
  const family = [['学籍号', '成员姓名', '关系', '是否监护人', '联系电话'], ['OK_FILE', '母亲', '母亲', '是', '13912345678'], ['NOT_GUARDIAN', '祖父', '祖父', '否', '13912345678']];
  const { findings } = runRuleCampaign({ registry, family });

  it('GUARDIAN_MISSING: no guardian with a name and a valid phone, members from the family file and inline columns together', () => {
    expect(keysOf(findings, 'GUARDIAN_MISSING')).toEqual(['BAD_PHONE', 'NOT_GUARDIAN', 'NO_MEMBER', 'NO_NAME']);
    const detail = (k: string) => findings.find((f) => f.rule === 'GUARDIAN_MISSING' && f.student_key === k)!.detail;
    expect(detail('NO_MEMBER')).toMatch(/^未登记任何家庭成员/);
    expect(detail('BAD_PHONE')).toMatch(/^监护人联系电话为空或无效/);
  });

  it('FAMILY_INCOMPLETE and PHOTO_MISSING', () => {
    expect(keysOf(findings, 'FAMILY_INCOMPLETE')).toEqual(['NO_ADDRESS', 'NO_HUKOU']);
    expect(keysOf(findings, 'PHOTO_MISSING')).toEqual(['PHOTO_EMPTY', 'PHOTO_NONE', 'PHOTO_ZERO']);
  });

  it('without a 是否监护人 column any member counts; without a 照片 column photos are not judged', () => {
    const header = ['全国学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '户口所在地', '现住址', '学校标识码', '年级', '学籍状态', '成员1姓名', '成员1联系电话'];
    const r = runRuleCampaign({ registry: [pupil({ no: 'ANY_MEMBER', guardian: '否', photo: '无' }), pupil({ no: 'NO_PHONE', guardianPhone: '' })], registryHeader: header });
    expect(keysOf(r.findings, 'GUARDIAN_MISSING')).toEqual(['NO_PHONE']);
    expect(keysOf(r.findings, 'PHOTO_MISSING')).toEqual([]);
  });
});
