/**
 * The circular (通报) written from the report data, modelled on the Lixin circular (seed 003): bureau
 * line, 文号, title, 主送, an opening citing the campaign's basis documents, the numbered sections, contact,
 * the list of attachments, signature and 印发日期, and the attachment tables. Aggregates only: 学区 and
 * school names and counts, never a pupil.
 *
 * To add a section, add one line to SECTIONS (a title and a function returning its paragraphs; a
 * section whose function returns none is left out and the others renumbered). To add a paragraph to
 * 一、基本情况 or 三、存在问题, add its function to the list in basic-situation.ts or problems.ts. Data a
 * new paragraph needs goes on ReportData as an optional field, and the function returns nothing when it
 * is absent.
 */
import { chineseDate } from '../chinese-format.js';
import type { ReportData } from '../report-data.js';
import { attachmentTables, circularTable } from '../attachment-tables.js';
import { achievements } from './achievements.js';
import { basicSituation } from './basic-situation.js';
import { sectionNumber, type CircularDocument, type Paragraph } from './circular-model.js';
import { citeDocuments, localWord, titleLines } from './circular-wording.js';
import { problems } from './problems.js';
import { followUpParagraphs } from '../follow-up/follow-up-text.js';

const SECTIONS: { title: string; paragraphs: (data: ReportData) => Paragraph[] }[] = [
  { title: '基本情况', paragraphs: basicSituation },
  { title: '整改落实情况', paragraphs: followUpParagraphs },
  { title: '主要成绩', paragraphs: achievements },
  { title: '存在问题', paragraphs: problems },
  { title: '下步工作要求', paragraphs: nextSteps },
];

const DEFAULT_RECIPIENTS = '各学区中心学校、县直学校';

/** Characters of the 22pt title on a line of the A4 text width (156 mm). */
const TITLE_EM = 20;

export function circularText(data: ReportData): CircularDocument {
  const { campaign } = data;
  const doc = campaign.document ?? {};
  const { bureau } = campaign;
  const subject = campaign.county && campaign.name.startsWith(campaign.county) ? campaign.name.slice(campaign.county.length) : campaign.name;
  const basis = doc.basis?.length ? `根据${citeDocuments(doc.basis)}要求，` : '';
  const attachments = [`${campaign.county}${subject}情况表（学区）`, `${campaign.county}${subject}情况表（学校）`];
  const sections = SECTIONS.map((s) => ({ title: s.title, paragraphs: s.paragraphs(data) })).filter((s) => s.paragraphs.length > 0);
  const title = `${bureau}关于${subject}情况的通报`;
  return {
    bureau,
    number: doc.number,
    title,
    titleLines: titleLines(title, TITLE_EM),
    recipients: `${(doc.recipients ?? DEFAULT_RECIPIENTS).replace(/[：:]\s*$/, '')}：`,
    opening: `为进一步规范我${localWord(campaign.county)}中小学学籍管理，提高电子学籍信息数据的准确性，${basis}${bureau}组织开展了${subject}工作。现将核查情况通报如下：`,
    sections: sections.map((s, i) => ({ heading: `${sectionNumber(i)}${s.title}`, paragraphs: s.paragraphs })),
    contact: doc.contact,
    attachments,
    signature: bureau,
    date: chineseDate(doc.date ?? campaign.asOf),
    tables: attachmentTables(data, attachments).map((t, i) => circularTable(t, `附件${i + 1}`)),
  };
}

function nextSteps(data: ReportData): Paragraph[] {
  const { campaign } = data;
  const { bureau } = campaign;
  const deadline = campaign.deadline ? `于${chineseDate(campaign.deadline)}前` : '在规定期限内';
  return [
    { lead: '1.提高认识，加强管理。', text: '中小学学籍管理是学校教育教学管理的重要组成部分，是义务教育保障经费拨付、免费教科书发放的重要依据之一。各学校要切实提高对学籍管理政策性和严肃性的认识，实事求是，提高学籍管理质量。' },
    { lead: '2.定期核查，强化控辍保学。', text: '各学区和学校学籍管理员要定期核查各班级在校学生和学籍异动情况，跟踪转出学生去向，保证不因转学而失学，落实学校和教师控辍保学职责。' },
    { lead: '3.限期整改，落实责任。', text: `对于本次通报的问题，各学校要对照整改清单逐条核实、逐班核对，${deadline}完成整改，并将填写整改情况的整改清单报送${bureau}。对问题严重、整改不到位的学校，${bureau}将追踪整改，并追究相关责任人的责任。` },
  ];
}
