/**
 * The circular's 整改落实情况: how many of the last campaign's problems were fixed and the rate, the
 * schools whose 已整改 the data contradict (named, worst first), the answers the bureau will review,
 * and what is new or came back. Aggregates only: school names and counts, never a pupil. Every
 * number is one of summary.json `follow_up`'s (or made of them).
 */
import { chineseDate, count, listNames, percent } from '../chinese-format.js';
import type { FollowUpData, FollowUpSchool } from './follow-up-data.js';
import { schoolName } from '../circular/circular-wording.js';

export interface Section {
  heading: string;
  paragraphs: { lead?: string; text: string }[];
}


/** Schools whose 已整改 the data contradict, most cases first, then the larger share of their problems. */
export function falseClaimSchools(data: FollowUpData): FollowUpSchool[] {
  return data.schools.filter((s) => s.falseClaims > 0)
    .sort((a, b) => b.falseClaims - a.falseClaims || b.falseClaims / Math.max(1, b.previous) - a.falseClaims / Math.max(1, a.previous) || a.school_code.localeCompare(b.school_code));
}

/** What the section is written from: the follow-up, and who reviews the answers. */
export interface FollowUpReport {
  followUp?: FollowUpData | null;
  campaign: { bureau: string };
}

/** The section, or null when the campaign has no previous run to follow up. */
export function followUpSection(report: FollowUpReport): Section | null {
  const data = report.followUp;
  if (!data?.hasPrevious) return null;
  const t = data.total;
  const open = t.previous - t.resolved;
  const since = data.previousAsOf ? `（核查基准日${chineseDate(data.previousAsOf)}）` : '';
  const returned = data.returnFiles
    ? `各学校报送整改清单${count(data.returnFiles)}份${data.returnedSchools ? `，涉及${count(data.returnedSchools)}所学校` : ''}。`
    : '本次未收到学校报送的整改清单。';
  const paragraphs: Section['paragraphs'] = [{
    text: t.previous
      ? `${data.previousName}${since}通报问题${count(t.previous)}条。${returned}经本次核查数据比对，已整改到位${count(t.resolved)}条，整改率${percent(t.resolved / t.previous)}；仍未整改${count(open)}条。`
      : `${data.previousName}${since}未发现问题。${returned}`,
  }];
  const claims = falseClaimSchools(data);
  paragraphs.push(claims.length
    ? {
      lead: '部分学校整改不实。',
      text: `学校报告“已整改”、但本次核查数据显示问题仍然存在的共${count(t.falseClaims)}条，涉及${count(claims.length)}所学校：${listNames(claims.map((s) => `${schoolName(s)}（${count(s.falseClaims)}条）`), 15)}。上述学校要查明原因，如实整改，不得虚报整改结果。`,
    }
    : { text: data.answers.已整改 ? '学校报告“已整改”的问题，经本次核查数据比对均已整改到位。' : '' });
  const a = data.answers;
  if (a.无需整改 || a.无法整改) paragraphs.push({ text: `学校报告“无需整改”${count(a.无需整改)}条、“无法整改”${count(a.无法整改)}条，${report.campaign.bureau}将逐条复核其说明；另有${count(a.未填)}条问题未报送整改情况。` });
  else if (a.未填 && t.previous) paragraphs.push({ text: `另有${count(a.未填)}条问题未报送整改情况。` });
  paragraphs.push({ text: `本次核查新发现问题${count(t.new)}条${t.relapsed ? `；此前已整改的问题再次出现（反弹）${count(t.relapsed)}条` : ''}。` });
  return { heading: '整改落实情况', paragraphs: paragraphs.filter((p) => p.text) };
}

/** The section's paragraphs for the circular (none without a previous campaign: the section is then left out). */
export function followUpParagraphs(report: FollowUpReport): Section['paragraphs'] {
  return followUpSection(report)?.paragraphs ?? [];
}
