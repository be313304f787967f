import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ZipArchive } from '../../pipeline/read/zip-archive.js';
import { XmlScanner, attr, decodeEntities } from '../../pipeline/read/xml-scanner.js';
import { circularDocx } from '../../reports/circular/circular-docx.js';
import { circularText } from '../../reports/circular/circular-text.js';
import { craftedHeadcount, craftedReportData } from '../helpers/report-data.js';
import { tempDir } from '../helpers/workbook.js';

/** The parts of a .docx as text. */
async function readDocx(bytes: Buffer): Promise<(name: string) => Promise<string>> {
  const path = join(tempDir('xueji-docx-'), '通报.docx');
  writeFileSync(path, bytes);
  const zip = await ZipArchive.open(path);
  return async (name) => (await zip.readBytes(name, 16 << 20)).toString('utf8');
}

/** Element names without their prefix (w:p is p), as the scanner gives them. */
interface Parsed { paragraphs: string[]; opens: { name: string; attrs: string }[] }

/** A part checked well-formed (every tag closed, in order, nothing left over), with its paragraphs' text. */
function parseXml(xml: string): Parsed {
  const stack: string[] = [];
  const paragraphs: string[] = [];
  const opens: { name: string; attrs: string }[] = [];
  let current: string[] | null = null;
  let inText = false;
  const scanner = new XmlScanner({
    open(name, attrs, selfClosing) {
      opens.push({ name, attrs });
      if (name === 'br' && current) current.push('\n');
      if (selfClosing) return;
      stack.push(name);
      if (name === 'p') current = [];
      if (name === 't') inText = true;
    },
    close(name) {
      expect(stack.pop()).toBe(name);
      if (name === 't') inText = false;
      if (name === 'p') { paragraphs.push(current!.join('')); current = null; }
    },
    text(raw, decoded) {
      if (inText && current) current.push(decoded ? raw : decodeEntities(raw));
    },
  });
  scanner.feed(xml);
  scanner.end();
  expect(stack).toEqual([]);
  return { paragraphs, opens };
}

const data = craftedReportData({
  schools: [
    { code: 'S1', name: '城北中心小学', district: '城北', records: 300, byRule: { ID_INVALID: 12, GUARDIAN_MISSING: 4 } },
    { code: 'S2', name: '城北中学', district: '城北', records: 280, byRule: { ID_INVALID: 2 } },
    { code: 'S3', name: '程家集中心小学', district: '程家集', records: 310 },
    { code: 'S4', name: '杜竹园教学点', district: '张村', records: 40, byRule: { PHOTO_MISSING: 3 } },
  ],
  headcount: craftedHeadcount([
    { district: '城北', code: 'S1', name: '城北中心小学', onsite: 290, registry: 300 },
    { district: '城北', code: 'S2', name: '城北中学', onsite: 280, registry: 280 },
    { district: '程家集', code: 'S3', name: '程家集中心小学', onsite: 310, registry: 310 },
    { district: '张村', code: 'S4', name: '杜竹园教学点', onsite: 40, registry: 40 },
  ]),
  campaign: { document: { number: '利教基函〔2025〕25号', date: '2025-12-20', recipients: '各学区中心学校', basis: ['《中小学生学籍管理办法》'], contact: '学籍管理办公室 0558-1234567' } },
});

describe('通报.docx', () => {
  it('holds the circular\'s every paragraph and table cell, in order, as well-formed WordprocessingML', async () => {
    const doc = circularText(data);
    const part = await readDocx(await circularDocx(doc, '2025-12-20'));
    const { paragraphs, opens } = parseXml(await part('word/document.xml'));
    const expected = [
      doc.bureau, doc.number!, doc.titleLines.join('\n'), doc.recipients, doc.opening,
      ...doc.sections.flatMap((s) => [s.heading, ...s.paragraphs.map((p) => `${p.lead ?? ''}${p.text}`)]),
      `联系人及电话：${doc.contact}`, `附件：1.${doc.attachments[0]}`, `2.${doc.attachments[1]}`, doc.signature, doc.date,
      ...doc.tables.flatMap((t) => [t.label, t.title, ...t.header.map((lines) => lines.join('\n')), ...t.rows.flatMap((r) => r.cells)]),
    ];
    expect(paragraphs.filter((p) => p !== '')).toEqual(expected.filter((p) => p !== ''));
    expect(paragraphs).toContain('2.个别学校存在学生家庭信息不全问题。经比对，发现监护人姓名或有效联系电话缺失4条，涉及城北中心小学。');

    // A4 portrait, the header row of each table repeated on every page, no row split across pages, fixed widths.
    expect(opens.find((o) => o.name === 'pgSz')!.attrs).toMatch(/w:w="11906" w:h="16838"/);
    expect(opens.filter((o) => o.name === 'tblHeader')).toHaveLength(2);
    expect(opens.filter((o) => o.name === 'cantSplit').length).toBe(2 + doc.tables.reduce((n, t) => n + t.rows.length, 0));
    expect(opens.filter((o) => o.name === 'tblLayout').every((o) => attr(o.attrs, 'w:type') === 'fixed')).toBe(true);
    // East Asian fonts named apart from the Latin one; headings 黑体, body 仿宋.
    const eastAsia = new Set(opens.filter((o) => o.name === 'rFonts').map((o) => attr(o.attrs, 'w:eastAsia')));
    expect([...eastAsia].sort()).toEqual(['仿宋', '宋体', '黑体']);
    // Headings keep with the next paragraph; the signature with the date; the 附件 tables start a page.
    const keepNext = paragraphsWith(await part('word/document.xml'), 'w:keepNext');
    for (const s of doc.sections) expect(keepNext).toContain(s.heading);
    expect(keepNext).toContain(doc.signature);
    expect(paragraphsWith(await part('word/document.xml'), 'w:pageBreakBefore')).toEqual(['附件1', '附件2']);

    // The page number field in the footer.
    const footers = (await part('word/_rels/document.xml.rels')).match(/footer\d*\.xml/g)!;
    const footer = await part(`word/${footers[0]}`);
    parseXml(footer);
    expect(footer).toMatch(/PAGE/);
    expect(await part('docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-12-20T00:00:00Z</dcterms:created>');
  });

  it('keeps markup-like names as text', async () => {
    const name = '<w:p>学校&"小学"</w:p>';
    const hostile = craftedReportData({ schools: [{ code: 'S1', name, district: '@学区', records: 50, byRule: { ID_INVALID: 1 } }] });
    const doc = circularText(hostile);
    const { paragraphs } = parseXml(await (await readDocx(await circularDocx(doc, '2025-10-28')))('word/document.xml'));
    expect(paragraphs).toContain('1.个别学校存在学生身份证件信息不准确问题。经比对，发现身份证件号码无效1条，涉及@学区<w:p>学校&"小学"</w:p>。');
    expect(paragraphs).toContain(name);
  });

  it('gives the same bytes for the same circular, whenever it is written', async () => {
    const doc = circularText(data);
    // docx stamps the clock's time into the package: two different clocks must not show.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-05T08:00:00Z'));
      const first = await circularDocx(doc, '2025-12-20');
      vi.setSystemTime(new Date('2026-03-09T17:31:27Z'));
      expect((await circularDocx(doc, '2025-12-20')).equals(first)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** The text of the paragraphs whose properties hold `element`. */
function paragraphsWith(xml: string, element: string): string[] {
  return [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<\/w:p>/gs)]
    .filter((m) => m[0].includes(`<${element}`))
    .map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeEntities(t[1])).join(''));
}
