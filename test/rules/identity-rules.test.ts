import { describe, expect, it } from 'vitest';
import { keysOf, pupil, runRuleCampaign, validId } from '../helpers/rule-campaign.js';

describe('ID_MISSING, ID_INVALID, ID_MISMATCH', () => {
  const good = pupil({ no: 'GOOD' });
  const missing = pupil({ no: 'L1', id: '', idType: '' });
  const missingPassport = pupil({ no: 'L2', id: '', idType: '护照' });
  const badCheck = pupil({ no: 'BADCHECK', id: validId('2016-03-15', 11).slice(0, 17) + (validId('2016-03-15', 11).endsWith('0') ? '1' : '0') });
  const badProvince = pupil({ no: 'BADPROV', id: validId('2016-03-15', 13, '991623') });
  const badDate = pupil({ no: 'BADDATE', id: validId('2015-02-28', 15).replace('20150228', '20150230') });
  const future = pupil({ no: 'FUTURE', id: validId('2026-01-01', 17) });
  const short = pupil({ no: 'SHORT', id: validId('2016-03-15', 19).slice(0, 17) });
  const damaged = pupil({ no: 'DAMAGED', id: '3.41623201603E+17' });
  const emptyType = pupil({ no: 'EMPTYTYPE', idType: '', id: validId('2016-03-15', 21).slice(0, 17) + 'Y' });
  const passport = pupil({ no: 'PASSPORT', idType: '护照', id: 'E12345678' });
  const hk = pupil({ no: 'HK', idType: '港澳居民来往内地通行证', id: 'H1234567' });
  const lowerX = (() => { for (let s = 1; ; s += 2) { const id = validId('2016-03-15', s); if (id.endsWith('X')) return pupil({ no: 'LOWERX', id: id.toLowerCase() }); } })();
  const spaced = (() => { const id = validId('2016-03-15', 31); return pupil({ no: 'SPACED', id: `${id.slice(0, 6)} ${id.slice(6)}` }); })();
  const birthOff = pupil({ no: 'BIRTHOFF', id: validId('2016-03-02', 41), birth: '2016-03-20' });
  const sexOff = pupil({ no: 'SEXOFF', id: validId('2016-03-15', 43), sex: '女' });
  const sameDateOtherFormat = pupil({ no: 'FORMAT', id: validId('2016-03-02', 45), birth: '2016年3月2日' });

  const { findings } = runRuleCampaign({ registry: [good, missing, missingPassport, badCheck, badProvince, badDate, future, short, damaged, emptyType, passport, hk, lowerX, spaced, birthOff, sexOff, sameDateOtherFormat] });

  it('ID_MISSING: every record with an empty ID number, whatever its type', () => {
    expect(keysOf(findings, 'ID_MISSING')).toEqual(['L1', 'L2']);
  });

  it('ID_INVALID: check digit, province, impossible and future dates, length, Excel damage; passports, 港澳台, lower-case x and spaces pass', () => {
    expect(keysOf(findings, 'ID_INVALID')).toEqual(['BADCHECK', 'BADDATE', 'BADPROV', 'DAMAGED', 'EMPTYTYPE', 'FUTURE', 'SHORT']);
    const detail = (k: string) => findings.find((f) => f.rule === 'ID_INVALID' && f.student_key === k)!.detail;
    expect(detail('DAMAGED')).toMatch(/Excel.*文本格式重新录入/);
    expect(detail('BADDATE')).toBe('身份证件号码中的出生日期 20150230 不是真实日期');
    expect(detail('BADPROV')).toMatch(/省级行政区划代码 99 不存在/);
    expect(detail('FUTURE')).toMatch(/晚于核查基准日 2025-10-28/);
    expect(detail('BADCHECK')).toMatch(/校验码错误/);
  });

  it('ID_MISMATCH: birth date or sex differs from a valid ID, in words a person understands; never with ID_INVALID', () => {
    expect(keysOf(findings, 'ID_MISMATCH')).toEqual(['BIRTHOFF', 'SEXOFF']);
    const detail = (k: string) => findings.find((f) => f.rule === 'ID_MISMATCH' && f.student_key === k)!.detail;
    expect(detail('BIRTHOFF')).toBe('身份证件号码出生日期 2016-03-02 与出生日期 2016-03-20 不一致');
    expect(detail('SEXOFF')).toBe('身份证件号码性别（男）与性别 女 不一致');
  });

  it('points at the source row (header is row 1)', () => {
    const f = findings.find((x) => x.rule === 'ID_MISSING' && x.student_key === 'L1')!;
    expect([f.source_file, f.source_row, f.school_code, f.school_name, f.district, f.grade]).toEqual(['in/registry.csv', '3', 'S1', '第一小学', '城关', '3']);
  });
});
