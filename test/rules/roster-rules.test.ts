import { describe, expect, it } from 'vitest';
import { keysOf, pupil, runRuleCampaign, type Finding } from '../helpers/rule-campaign.js';

const ROSTER_HEADER = ['学校标识码', '年级', '班级', '姓名', '性别', '出生日期', '身份证件号码', '全国学籍号'];
type Person = ReturnType<typeof pupil>;
/** A roster row for `p` at `school`; `keep` says which of 学籍号 / ID / 出生日期 the class teacher wrote. */
const listed = (p: Person, school: string, keep: { no?: boolean; id?: boolean | string; birth?: boolean } = {}) =>
  [school, p.grade, '1班', p.name, p.sex, keep.birth === false ? '' : p.birth, keep.id === false ? '' : typeof keep.id === 'string' ? keep.id : p.id, keep.no === false ? '' : p.no];

const find = (findings: Finding[], rule: string, key: string) => findings.filter((f) => f.rule === rule && f.student_key === key);

describe('REGISTERED_NOT_ATTENDING, ATTENDING_UNREGISTERED, ATTENDING_ELSEWHERE (在校生花名册)', () => {
  // S1 and S2 sent rosters, S3 did not.
  const byNo = pupil({ no: 'BY_NO' });
  const byId = pupil({ no: 'BY_ID' });
  const byPerson = pupil({ no: 'BY_PERSON', name: '王小明', birth: '2016-05-06' });
  const missing = pupil({ no: 'MISSING' });
  const emptyStatus = pupil({ no: 'EMPTY_STATUS', status: '' });
  const onLeave = pupil({ no: 'ON_LEAVE', status: '休学' });
  const movedOut = pupil({ no: 'MOVED_OUT', status: '转出' });
  const leaveListed = pupil({ no: 'LEAVE_LISTED', status: '休学' });
  // Twins: same birth date and sex, different names; and twins with the same name (the roster has neither 学籍号 nor ID).
  const twin1 = pupil({ no: 'TWIN1', name: '李一', birth: '2016-07-07' });
  const twin2 = pupil({ no: 'TWIN2', name: '李二', birth: '2016-07-07' });
  const sameName1 = pupil({ no: 'SAME_NAME1', name: '赵同名', birth: '2016-08-08', sex: '女' });
  const sameName2 = pupil({ no: 'SAME_NAME2', name: '赵同名', birth: '2016-08-08', sex: '女' });
  const atS3 = pupil({ no: 'AT_S3', school: 'S3', grade: '七年级', birth: '2012-03-01' });
  const atS2 = pupil({ no: 'AT_S2', school: 'S2' });
  const s2Missing = pupil({ no: 'S2_MISSING', school: 'S2' });
  const s3Missing = pupil({ no: 'S3_MISSING', school: 'S3', grade: '七年级', birth: '2012-03-01' });
  // One 学籍号 on records at S1 and S2: S1's roster takes S1's record, S2's is left over.
  const dupS1 = pupil({ no: 'DUP_NO', name: '钱重号' });
  const dupS2 = { ...dupS1, school: 'S2', id: '' };
  // One 学籍号 at S2 (在校) and at S3 (转出): S1's roster row takes the 在校 one.
  const twoStatusS3 = pupil({ no: 'TWO_STATUS', school: 'S3', status: '转出' });
  const twoStatusS2 = { ...twoStatusS3, school: 'S2', status: '在校', id: '' };
  // On the rosters of S1 and S2, registered at S2: S2's row is matched, S1's row is left without a record.
  const onTwo = pupil({ no: 'ON_TWO', school: 'S2' });
  const wrongNo = pupil({ no: 'RIGHT_NO' });
  const damaged = pupil({ no: 'DAMAGED', id: '3.41623201603E+17' });

  const registry = [byNo, byId, byPerson, missing, emptyStatus, onLeave, movedOut, leaveListed, twin1, twin2, sameName1, sameName2,
    atS3, atS2, s2Missing, s3Missing, dupS1, dupS2, twoStatusS3, twoStatusS2, onTwo, wrongNo, damaged];
  const spacedId = `${byId.id.slice(0, 6)} ${byId.id.slice(6, 14)} ${byId.id.slice(14).toLowerCase()}`;
  const roster = [
    ROSTER_HEADER,
    listed(byNo, 'S1', { id: false }),
    listed(byId, 'S1', { no: false, id: spacedId }),
    listed(byPerson, 'S1', { no: false, id: false }),
    listed(leaveListed, 'S1'),
    listed(twin1, 'S1', { no: false, id: false }),
    listed(twin2, 'S1', { no: false, id: false }),
    listed(sameName1, 'S1', { no: false, id: false }),
    listed(sameName2, 'S1', { no: false, id: false }),
    listed(atS3, 'S1', { id: false }),
    listed(atS2, 'S1', { no: false }),
    listed(dupS1, 'S1', { id: false }),
    listed(twoStatusS3, 'S1', { id: false }),
    listed(onTwo, 'S1'),
    listed(onTwo, 'S2'),
    listed(wrongNo, 'S1', { no: false, id: wrongNo.id }).map((v, i) => (i === 7 ? 'WRONG_NO' : v)),
    // Pupils with no record anywhere: keyed by ID, else 学籍号, else 姓名|性别|出生日期.
    ['S1', '三年级', '2班', '孙无籍', '男', '2016-01-02', '341623201601020038', ''],
    ['S1', '三年级', '2班', '周无籍', '女', '2016-01-03', '', 'L341623201601030001'],
    ['S2', '三年级', '2班', '吴无籍', '女', '2016-01-04', '', ''],
    ['S2', '三年级', '2班', '郑无籍', '男', '', '', ''],
    // The same ID as the Excel-damaged record: damaged numbers are not compared, so no record matches.
    ['S1', '三年级', '2班', '冯损坏', '男', '2016-01-05', '341623201603000000', ''],
    // A school code the school list does not have: judged all the same, 学区 unknown.
    ['S9', '三年级', '1班', '褚外校', '女', '2016-01-06', '', ''],
  ];
  const { findings, summary } = runRuleCampaign({ registry, roster });

  it('REGISTERED_NOT_ATTENDING: 在校 or empty-status records of roster schools on no roster; 休学/转出 and schools without a roster not judged', () => {
    expect(keysOf(findings, 'REGISTERED_NOT_ATTENDING')).toEqual(['DAMAGED', 'DUP_NO', 'EMPTY_STATUS', 'MISSING', 'S2_MISSING']);
    expect(find(findings, 'REGISTERED_NOT_ATTENDING', 'DUP_NO').map((f) => f.school_code)).toEqual(['S2']);
    expect(find(findings, 'REGISTERED_NOT_ATTENDING', 'MISSING')[0]).toMatchObject({ school_code: 'S1', district: '城关', source_file: 'in/registry.csv', source_row: '5' });
  });

  it('ATTENDING_UNREGISTERED: roster rows without a record; one record serves one row only (the row of the record\'s own school)', () => {
    expect(keysOf(findings, 'ATTENDING_UNREGISTERED')).toEqual([onTwo.id, '341623201601020038', '341623201603000000', 'L341623201601030001', '吴无籍|女|2016-01-04', '郑无籍|男|', '褚外校|女|2016-01-06'].sort());
    expect(find(findings, 'ATTENDING_UNREGISTERED', '褚外校|女|2016-01-06')[0]).toMatchObject({ school_code: 'S9', district: '' });
    expect(find(findings, 'ATTENDING_UNREGISTERED', onTwo.id)[0]).toMatchObject({ school_code: 'S1', source_file: 'in/roster.csv', source_row: '14' });
    expect(find(findings, 'ATTENDING_UNREGISTERED', '吴无籍|女|2016-01-04')[0]).toMatchObject({ school_code: 'S2', school_name: '第二小学', grade: '3', student_name: '吴无籍' });
  });

  it('ATTENDING_ELSEWHERE: the roster school\'s finding, naming the school of the record; a 在校 record before a 转出 one', () => {
    const found = findings.filter((f) => f.rule === 'ATTENDING_ELSEWHERE').map((f) => [f.student_key, f.school_code, f.grade, f.source_row, f.detail]);
    expect(found.sort()).toEqual([
      ['AT_S2', 'S1', '3', '11', '在本校花名册上，学籍在城北学区第二小学：人籍分离，须办理转学手续（按身份证件号码对应）'],
      ['AT_S3', 'S1', '7', '10', '在本校花名册上，学籍在城关中学：人籍分离，须办理转学手续'],
      ['TWO_STATUS', 'S1', '3', '13', '在本校花名册上，学籍在城北学区第二小学：人籍分离，须办理转学手续'],
    ]);
  });

  it('matches by 学籍号, then normalised ID, then 姓名+性别+出生日期: twins (also with one name) and a wrong 学籍号 with the right ID are matched', () => {
    const flagged = new Set(findings.filter((f) => f.rule.startsWith('ATTENDING') || f.rule === 'REGISTERED_NOT_ATTENDING').map((f) => f.student_key));
    for (const p of [byNo, byId, byPerson, leaveListed, twin1, twin2, sameName1, sameName2, wrongNo, onLeave, movedOut, s3Missing]) expect([p.no, flagged.has(p.no)]).toEqual([p.no, false]);
  });

  it('summary.json roster: per school that sent a roster, and the total', () => {
    const roster = summary.roster as { schools: Record<string, unknown>[]; total: Record<string, number> };
    // S1: 17 rows; 在校/empty records: 12 (15 but ON_LEAVE, MOVED_OUT, LEAVE_LISTED); matched at S1: 17 − 4 AU − 3 AE = 10.
    expect(roster.schools).toEqual([
      { district: '（未列入学校名录）', school_code: 'S9', school_name: 'S9', registry: 0, roster: 1, matched: 0, registered_not_attending: 0, attending_unregistered: 1, attending_elsewhere: 0 },
      { district: '城北', school_code: 'S2', school_name: '第二小学', registry: 5, roster: 3, matched: 1, registered_not_attending: 2, attending_unregistered: 2, attending_elsewhere: 0 },
      { district: '城关', school_code: 'S1', school_name: '第一小学', registry: 12, roster: 17, matched: 10, registered_not_attending: 3, attending_unregistered: 4, attending_elsewhere: 3 },
    ]);
    expect(roster.total).toEqual({ registry: 17, roster: 21, matched: 11, registered_not_attending: 5, attending_unregistered: 7, attending_elsewhere: 3 });
  });
});

describe('a roster naming its school by a name two schools of the list share', () => {
  // S4 is also named 第一小学: the roster's school has no code; its pupils registered at a 第一小学 are 人籍一致.
  const home = pupil({ no: 'HOME' });
  const away = pupil({ no: 'AWAY', school: 'S2' });
  const header = ROSTER_HEADER.map((h) => (h === '学校标识码' ? '学校名称' : h));
  const roster = [header, listed(home, '第一小学'), listed(away, '第一小学')];
  const { findings, summary } = runRuleCampaign({ registry: [home, away], roster, moreSchools: [['S4', '第一小学', '城北']] });

  it('no 人籍分离 for a pupil registered at a school of that name; one registered at another school is', () => {
    expect(keysOf(findings, 'ATTENDING_ELSEWHERE')).toEqual(['AWAY']);
    const roster = summary.roster as { schools: Record<string, unknown>[] };
    expect(roster.schools).toEqual([
      { district: '（未列入学校名录）', school_code: null, school_name: '第一小学', registry: 0, roster: 2, matched: 1, registered_not_attending: 0, attending_unregistered: 0, attending_elsewhere: 1 },
    ]);
  });
});

describe('the roster rules without a roster', () => {
  const { findings, summary } = runRuleCampaign({ registry: [pupil({ no: 'A' }), pupil({ no: 'B', school: 'S2' })] });

  it('are skipped, and summary.json has no roster part', () => {
    expect(findings.filter((f) => /ATTENDING/.test(f.rule))).toEqual([]);
    expect((summary.rules_skipped as Record<string, string>).REGISTERED_NOT_ATTENDING).toMatch(/roster/);
    expect(summary.roster).toBeNull();
  });
});

describe('VOCATIONAL_DUAL_ADMISSION (中职新生名单)', () => {
  const g10 = (no: string, extra = {}) => pupil({ no, grade: '高一', birth: '2010-03-01', school: 'S3', ...extra });
  const byId = g10('V_BY_ID');
  const byNo = g10('V_BY_NO');
  const onLeave = g10('V_ON_LEAVE', { status: '休学' });
  const emptyStatus = g10('V_EMPTY_STATUS', { status: '' });
  const grade11 = pupil({ no: 'V_G11', grade: '高二', birth: '2009-03-01', school: 'S3' });
  const twoLists = g10('V_TWO_LISTS');
  const namesake = g10('V_NAMESAKE', { name: '陈同名' });
  const upperX = g10('V_X', { id: '34162320100301003X' });
  const registry = [byId, byNo, onLeave, emptyStatus, grade11, twoLists, namesake, upperX];
  const vocational = [
    ['学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '中职学校'],
    ['', byId.name, byId.sex, byId.birth, '居民身份证', byId.id, '利辛县职业教育中心'],
    [byNo.no, byNo.name, byNo.sex, byNo.birth, '居民身份证', '', '亳州中药科技学校'],
    ['', onLeave.name, onLeave.sex, onLeave.birth, '居民身份证', onLeave.id, '利辛县职业教育中心'],
    ['', emptyStatus.name, emptyStatus.sex, emptyStatus.birth, '居民身份证', emptyStatus.id, '利辛县职业教育中心'],
    ['', grade11.name, grade11.sex, grade11.birth, '居民身份证', grade11.id, '利辛县职业教育中心'],
    ['', twoLists.name, twoLists.sex, twoLists.birth, '居民身份证', twoLists.id, '利辛县职业教育中心'],
    [twoLists.no, twoLists.name, twoLists.sex, twoLists.birth, '居民身份证', '', '亳州中药科技学校'],
    ['', namesake.name, namesake.sex, namesake.birth, '居民身份证', '341623201003010999', '利辛县职业教育中心'],
    ['', upperX.name, upperX.sex, upperX.birth, '居民身份证', '34162320100301003x', ''],
  ];
  const { findings } = runRuleCampaign({ registry, vocational });

  it('a grade-10 在校 record whose ID or 学籍号 is on the list: the high school\'s finding on its record, naming the 中职 schools', () => {
    expect(keysOf(findings, 'VOCATIONAL_DUAL_ADMISSION')).toEqual(['V_BY_ID', 'V_BY_NO', 'V_TWO_LISTS', 'V_X']);
    const two = find(findings, 'VOCATIONAL_DUAL_ADMISSION', 'V_TWO_LISTS');
    expect(two.map((f) => [f.school_code, f.grade, f.source_file, f.detail])).toEqual([['S3', '10', 'in/registry.csv', '该生同时在中职新生名单中，被亳州中药科技学校、利辛县职业教育中心录取：普通高中与中职重复录取']]);
    expect(find(findings, 'VOCATIONAL_DUAL_ADMISSION', 'V_X')[0].detail).toContain('中职学校（名单未注明校名）');
  });
});

describe('SUSPENSION_OVERDUE and DROPOUT_COMPULSORY', () => {
  const registry = [
    pupil({ no: 'LEAVE_TWICE', status: '休学' }),
    pupil({ no: 'LEAVE_NEWNO', status: '休学', id: '341623201603150038' }),
    pupil({ no: 'LEAVE_FIRST', status: '休学' }),
    pupil({ no: 'BACK', status: '在校' }),
    pupil({ no: 'LEAVE_NO_PREV', status: '休学' }),
    pupil({ no: 'DROP_G3', status: '退学' }),
    pupil({ no: 'DROP_G9', status: '退学', grade: '九年级', birth: '2010-03-01', school: 'S3' }),
    pupil({ no: 'DROP_G10', status: '退学', grade: '高一', birth: '2009-03-01', school: 'S3' }),
    pupil({ no: 'OUT_G3', status: '转出' }),
  ];
  const previous = [
    pupil({ no: 'LEAVE_TWICE', status: '休学', school: 'S2' }),
    pupil({ no: 'LEAVE_OLDNO', status: '休学', id: '341623201603150038' }),
    pupil({ no: 'LEAVE_FIRST', status: '在校', grade: '二年级' }),
    pupil({ no: 'BACK', status: '休学' }),
  ];
  const { findings } = runRuleCampaign({ registry, previous });

  it('SUSPENSION_OVERDUE: 休学 now and last year, the same pupil by 学籍号 or ID', () => {
    expect(keysOf(findings, 'SUSPENSION_OVERDUE')).toEqual(['LEAVE_NEWNO', 'LEAVE_TWICE']);
    expect(find(findings, 'SUSPENSION_OVERDUE', 'LEAVE_TWICE')[0].detail).toBe('上一学年（第二小学三年级）学籍状态已为休学，本学年仍为休学：休学期限一般不超过一年');
  });

  it('DROPOUT_COMPULSORY: 退学 in grades 1–9 only', () => {
    expect(keysOf(findings, 'DROPOUT_COMPULSORY')).toEqual(['DROP_G3', 'DROP_G9']);
    expect(find(findings, 'DROPOUT_COMPULSORY', 'DROP_G9')[0].detail).toBe('九年级学生学籍状态为退学：义务教育阶段学生不予退学');
  });
});
