import { describe, expect, it } from 'vitest';
import { circularText } from '../../reports/circular/circular-text.js';
import { circularHtml } from '../../reports/circular/write-circular.js';
import type { CircularDocument } from '../../reports/circular/circular-model.js';
import { craftedHeadcount, craftedReportData, type CraftedSchool } from '../helpers/report-data.js';

const section = (doc: CircularDocument, title: string) => doc.sections.find((s) => s.heading.endsWith(title));
const textOf = (doc: CircularDocument, title: string) => (section(doc, title)?.paragraphs ?? []).map((p) => `${p.lead ?? ''}${p.text}`).join('\n');
const allText = (doc: CircularDocument) => [doc.title, doc.recipients, doc.opening, ...doc.sections.flatMap((s) => [s.heading, ...s.paragraphs.map((p) => `${p.lead ?? ''}${p.text}`)]), doc.contact ?? '', ...doc.attachments, doc.signature, doc.date].join('\n');

/** Four schools in two 学区, 100 records each. */
const four = (byRule: Record<string, number>[] = []): CraftedSchool[] => [
  { code: 'S1', name: '城北中心小学', district: '城北', records: 100, byRule: byRule[0] },
  { code: 'S2', name: '城北中学', district: '城北', records: 100, byRule: byRule[1] },
  { code: 'S3', name: '城关中心小学', district: '城关', records: 100, byRule: byRule[2] },
  { code: 'S4', name: '城关中学', district: '城关', records: 100, byRule: byRule[3] },
];

describe('the circular\'s text, from crafted report data', () => {
  it('says the 学区 are within the threshold when they are, and never heads a paragraph 差额率较大 then', () => {
    const headcount = craftedHeadcount([
      { district: '城北', code: 'S1', name: '城北中心小学', onsite: 100, registry: 100 },
      { district: '城北', code: 'S2', name: '城北中学', onsite: 99, registry: 100 },
      { district: '城关', code: 'S3', name: '城关中心小学', onsite: 100, registry: 100 },
      { district: '城关', code: 'S4', name: '城关中学', onsite: 101, registry: 100 },
    ]);
    const doc = circularText(craftedReportData({ schools: four([{ ID_INVALID: 1 }]), headcount }));
    expect(allText(doc)).not.toMatch(/差额率较大|差额率超过|差额比例超过/);
    expect(textOf(doc, '主要成绩')).toContain('各学区学籍数与现场核查学生数基本一致，差额比例均在2%以内');
    expect(textOf(doc, '基本情况')).toContain('现场核查学生400人，对应在校学籍400人，二者人数一致，学籍差额比例为0.00%');

    // One school × grade over it, no 学区: the lead says exactly that.
    const cell = { district: '城北', school_code: 'S2', school_name: '城北中学', grade: 7, onsite: 20, registry: 23, diff: 3, ratio: 3 / 23 };
    const withCell = circularText(craftedReportData({ schools: four([{ ID_INVALID: 1 }]), headcount, gapCells: [cell] }));
    const problems = textOf(withCell, '存在问题');
    expect(problems).toContain('各学区差额率均在2%以内，但个别学校差额率较大。各年级差额率问题较大的有：城北中学七年级。');
    expect(problems).not.toMatch(/个别学区/);

    // A 学区 over it: named, with the direction of the gap.
    const over = craftedHeadcount([
      { district: '城北', code: 'S1', name: '城北中心小学', onsite: 90, registry: 100 },
      { district: '城北', code: 'S2', name: '城北中学', onsite: 100, registry: 100 },
      { district: '城关', code: 'S3', name: '城关中心小学', onsite: 100, registry: 100 },
      { district: '城关', code: 'S4', name: '城关中学', onsite: 100, registry: 100 },
    ]);
    const overDoc = circularText(craftedReportData({ schools: four(), headcount: over }));
    expect(textOf(overDoc, '存在问题')).toContain('1.个别学区学籍核查差额率较大。在此次学籍核查中，学籍差额较大的学区为：城北学区，学籍数大于在校生数，差额率超过2%。');
    expect(textOf(overDoc, '主要成绩')).not.toContain('城北学区学籍数');
    expect(textOf(overDoc, '主要成绩')).toContain('城关学区学籍数与现场核查学生数完全一致');
  });

  it('names a problem family only when it has records, with 学生照片 and 高三复读 on their own', () => {
    const doc = circularText(craftedReportData({
      schools: four([{ PHOTO_MISSING: 2, GRADE_REPEAT: 3 }, { GRADE_REPEAT: 2 }]).map((s, i) => (i === 0 ? { ...s, seniorRepeats: 2 } : s)),
    }));
    const problems = textOf(doc, '存在问题');
    // A family at three schools or fewer names them.
    expect(problems).toContain('发现未上传学生照片2条，涉及城北中心小学。');
    expect(problems).toContain('发现义务教育阶段学生违规留级3条，涉及城北中心小学、城北中学。');
    expect(problems).toContain('发现高三复读生录入学籍2条，涉及城北中心小学。');
    // Nothing of the families without records: 身份证件, 重复学籍, 家庭信息 (photos are not 家庭信息), 超计划招生.
    expect(problems).not.toMatch(/身份证件|重复学籍|家庭信息|监护人|招生计划/);
    // Numbered 1., 2., 3. in order, 严重 (违规留级, 高三复读) before 提示 (照片).
    expect(section(doc, '存在问题')!.paragraphs.map((p) => p.lead)).toEqual(['1.部分学校存在违规留级现象。', '2.个别学校将高三复读生录入学籍系统。', '3.个别学校存在学生照片缺失问题。']);
    // The same words never stand twice, as in "违规留级方面问题300条。其中违规留级300条".
    for (const p of section(doc, '存在问题')!.paragraphs) expect(p.text).not.toMatch(/其中.*方面|方面问题/);

    const clean = circularText(craftedReportData({ schools: four() }));
    expect(section(clean, '存在问题')).toBeUndefined();
    expect(clean.sections.map((s) => s.heading)).toEqual(['一、基本情况', '二、主要成绩', '三、下步工作要求']);
    expect(textOf(clean, '基本情况')).toContain('经数据比对，各学校未发现问题学籍。');
  });

  it('calls a school 问题较多 only when its rate is well above the county\'s and it has a few records', () => {
    const standout = (counts: number[]) => textOf(circularText(craftedReportData({ schools: four(counts.map((n) => ({ ID_INVALID: n }))) })), '存在问题');
    // The same share everywhere: nobody stands out, however many records.
    expect(standout([5, 5, 5, 5])).not.toContain('问题较多');
    // 10 of 100 against the county's 16 of 400 (4%): 2.5 times, named with its count and the county's rate.
    expect(standout([10, 2, 2, 2])).toContain('其中城北中心小学（10条）问题较多，其问题学籍占本校学籍的比例达到全县平均水平（4.00%）的2倍以上。');
    // Two records are chance, however high the rate.
    expect(standout([2, 0, 0, 0])).not.toContain('问题较多');
    // A school that sent no records is never judged.
    const withSilent = craftedReportData({ schools: [...four([{ ID_INVALID: 1 }]), { code: 'S5', name: '城关小学', district: '城关', records: 0 }] });
    expect(textOf(circularText(withSilent), '存在问题')).not.toContain('城关小学');
  });

  it('names the 学区 and schools that sent no data under 基本情况 and never praises them', () => {
    const schools: CraftedSchool[] = [
      ...four([{ ID_INVALID: 3 }]),
      { code: 'S5', name: '纪王场中心小学', district: '纪王场', records: 0 },
      { code: 'S6', name: '纪王场中学', district: '纪王场', records: 0 },
      { code: 'S7', name: '城关第二小学', district: '城关', records: 0 },
    ];
    const doc = circularText(craftedReportData({ schools }));
    const basic = textOf(doc, '基本情况');
    expect(basic).toContain('全县3个学区7所学校中，4所学校报送了电子学籍数据，共比对电子学籍400条；纪王场学区、城关第二小学未报送学籍数据（共3所学校），须立即报送。');
    const praise = textOf(doc, '主要成绩');
    expect(praise).toContain('城北中学');
    for (const silent of ['纪王场', '城关第二小学', '城关学区']) expect(praise).not.toContain(silent);
    expect(praise).not.toContain('无一遗漏');
    // 附件2 says it too, in 备注.
    const schoolsTable = doc.tables[1];
    expect(schoolsTable.rows.find((r) => r.cells.includes('纪王场中学'))!.cells.at(-1)).toBe('未报送数据');
    expect(doc.tables[0].rows.map((r) => [r.cells[1], r.cells.at(-1)])).toEqual([['城北', ''], ['城关', '1所学校未报送'], ['纪王场', '未报送数据'], ['', '']]);
  });

  it('prints the campaign\'s document keys: 文号, 主送, basis documents, contact and the 印发日期 as the signing date', () => {
    const data = craftedReportData({
      schools: four([{ ID_INVALID: 1 }]),
      campaign: { document: { number: '利教基函〔2025〕25号', date: '2025-12-20', recipients: '各学区中心学校、县直各学校', basis: ['《中小学生学籍管理办法》', '《安徽省中小学生学籍管理实施细则》'], contact: '学籍管理办公室 0558-1234567' } },
    });
    const doc = circularText(data);
    expect(doc.number).toBe('利教基函〔2025〕25号');
    expect(doc.recipients).toBe('各学区中心学校、县直各学校：');
    expect(doc.opening).toContain('根据《中小学生学籍管理办法》和《安徽省中小学生学籍管理实施细则》要求，利辛县教育局组织开展了2025年秋季学期中小学学籍核查工作。');
    expect(doc.date).toBe('2025年12月20日');
    const html = circularHtml(doc);
    expect(doc.titleLines).toEqual(['利辛县教育局关于2025年秋季学期中小学', '学籍核查情况的通报']);
    const order = ['利辛县教育局</p>', '利教基函〔2025〕25号', '<h1>利辛县教育局关于2025年秋季学期中小学<br>学籍核查情况的通报</h1>', '各学区中心学校、县直各学校：', '根据《中小学生学籍管理办法》', '四、下步工作要求', '联系人及电话：学籍管理办公室 0558-1234567', '附件：1.', '2025年12月20日', '附件1</h3>'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(html).not.toContain('2025年10月28日</p>');

    // Without them: the default 主送, no 文号, no basis clause, signed with the data date.
    const plain = circularText(craftedReportData({ schools: four() }));
    expect([plain.number, plain.recipients, plain.date]).toEqual([undefined, '各学区中心学校、县直学校：', '2025年10月28日']);
    expect(plain.opening).not.toContain('根据');
  });

  it('writes numbers one way and no English: digits without separators, 电子表格 for the damaged IDs', () => {
    const data = { ...craftedReportData({ schools: four([{ ID_INVALID: 1200 }, { ID_INVALID: 3 }]).map((s) => ({ ...s, records: 12000 })) }), excelDamagedIds: 1100 };
    const text = allText(circularText(data));
    expect(text).toContain('身份证件号码无效1203条（其中1100条因在电子表格中按数字保存，号码后三位变为000）');
    expect(text).not.toMatch(/\d,\d{3}/);
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});
