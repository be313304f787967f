/**
 * report/通报.docx: the circular for Word and WPS, where a bureau stamps and edits it, drawn from the same
 * CircularDocument as 通报.html. Laid out as Chinese official documents are (GB/T 9704): A4, margins
 * 37/35/28/26 mm, body 仿宋 16pt on a 28pt line, headings 黑体, title 宋体 bold 22pt, page numbers
 * "— 1 —" centred in the footer; headings kept with their text, the signature kept with the end of
 * the body, the attachment tables' header row repeated on every page and rows never split.
 * Fonts: each run names its East Asian font (eastAsia) apart from its Latin one, so Word and WPS use
 * 仿宋/黑体/宋体 for Chinese and Times New Roman for digits; where a font is missing, Word, WPS and
 * LibreOffice substitute their own Chinese font of the kind.
 */
import { AlignmentType, BorderStyle, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun, type IParagraphOptions, type IRunOptions } from 'docx';
import { core } from '../write/workbook-parts.js';
import { unzipParts } from '../write/zip-in-memory.js';
import { zipParts } from '../write/zip-writer.js';
import type { CircularDocument, CircularTable, Paragraph as Para } from './circular-model.js';
import { tableXml } from './docx-table.js';

const MM = 56.7; // twips per millimetre
const PAGE = { width: 11906, height: 16838, top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const LATIN = 'Times New Roman';
const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });
const BODY = font('仿宋');
const HEADING = font('黑体');
const TITLE = font('宋体');
const pt = (points: number) => points * 2; // docx sizes are half-points
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28pt: 22 lines to the page, as GB/T 9704 sets
const INDENT = { firstLineChars: 200, firstLine: 640 }; // two characters; firstLine for readers that ignore *Chars

const run = (text: string, options: IRunOptions = {}) => new TextRun({ text, font: BODY, size: pt(16), ...options });
// No extra space between Chinese and digits (Word adds it by default): "2025年10月28日", as the HTML and the seed print it.
const para = (children: TextRun[], options: Omit<IParagraphOptions, 'children'> = {}) => new Paragraph({ spacing: LINE, autoSpaceEastAsianText: false, ...options, children });

function bodyParagraph(p: Para, keepNext = false): Paragraph {
  return para([...(p.lead ? [run(p.lead, { bold: true })] : []), run(p.text)], { indent: INDENT, alignment: AlignmentType.JUSTIFIED, keepNext });
}

function head(doc: CircularDocument): Paragraph[] {
  return [
    para([run(doc.bureau, { font: TITLE, size: pt(26), bold: true, color: 'E00000', characterSpacing: 40 })], { alignment: AlignmentType.CENTER, spacing: { line: 720, lineRule: LineRuleType.EXACT } }),
    ...(doc.number ? [para([run(doc.number)], { alignment: AlignmentType.CENTER })] : []),
    // The red line under the masthead: the bottom border of an empty paragraph.
    para([], { border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'E00000', space: 1 } }, spacing: { line: 240, lineRule: LineRuleType.EXACT, after: 360 } }),
    para(doc.titleLines.map((line, i) => run(line, { font: TITLE, size: pt(22), bold: true, break: i > 0 ? 1 : undefined })), { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 280 } }),
    para([run(doc.recipients)]),
    bodyParagraph({ text: doc.opening }),
  ];
}

function body(doc: CircularDocument): Paragraph[] {
  const out: Paragraph[] = [];
  doc.sections.forEach((section, s) => {
    out.push(para([run(section.heading, { font: HEADING })], { indent: INDENT, keepNext: true }));
    section.paragraphs.forEach((p, i) => out.push(bodyParagraph(p, s === doc.sections.length - 1 && i === section.paragraphs.length - 1)));
  });
  return out;
}

/** Contact, the list of attachments, signature and date: each kept with the next, so the signature never stands alone. */
function closing(doc: CircularDocument): Paragraph[] {
  const keep = { keepNext: true, keepLines: true };
  const blank = () => para([], keep);
  return [
    ...(doc.contact ? [para([run(`联系人及电话：${doc.contact}`)], { indent: INDENT, ...keep })] : []),
    blank(),
    ...doc.attachments.map((title, i) => i === 0
      ? para([run(`附件：1.${title}`)], { indent: { left: 640 + 960, hanging: 960 }, ...keep })
      : para([run(`${i + 1}.${title}`)], { indent: { left: 640 + 960 }, ...keep })),
    blank(), blank(),
    para([run(doc.signature)], { alignment: AlignmentType.RIGHT, indent: { right: 640 }, ...keep }),
    para([run(doc.date)], { alignment: AlignmentType.RIGHT, indent: { right: 640 } }),
  ];
}

const TABLE_STYLE_IDS = { text: 'XuejiTableText', figure: 'XuejiTableFigure', header: 'XuejiTableHeader' };
/**
 * The attachment tables' cells: 10.5pt on at least a 14pt line (the paragraph mark takes the cell's size
 * too: at the document's 16pt it would make every row a line taller), 仿宋, the header 黑体.
 */
const TABLE_STYLES = [
  { id: TABLE_STYLE_IDS.text, name: '表格文字', run: { font: BODY, size: pt(10.5) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 280, lineRule: LineRuleType.AT_LEAST }, autoSpaceEastAsianText: false } },
  { id: TABLE_STYLE_IDS.figure, name: '表格数字', basedOn: TABLE_STYLE_IDS.text, paragraph: { alignment: AlignmentType.RIGHT } },
  { id: TABLE_STYLE_IDS.header, name: '表格表头', basedOn: TABLE_STYLE_IDS.text, run: { font: HEADING, size: pt(10.5) } },
];

/**
 * A table's label and title, and where the table goes: a paragraph holding only `token`, which
 * circularDocx replaces by the table's XML (docx-table.ts says why the table is not docx's).
 */
function tablePlace(t: CircularTable, token: string): Paragraph[] {
  return [
    para([run(t.label, { font: HEADING })], { pageBreakBefore: true }),
    para([run(t.title, { font: TITLE, size: pt(16), bold: true })], { alignment: AlignmentType.CENTER, spacing: { line: 560, lineRule: LineRuleType.EXACT, after: 120 } }),
    new Paragraph({ children: [new TextRun(token)] }),
  ];
}

/** A paragraph's text no circular holds (private-use characters around it). */
const tableToken = (i: number) => `\uE000xueji-table-${i}\uE000`;

/** document.xml with each table's placeholder paragraph replaced by the table. */
function placeTables(documentXml: string, tables: CircularTable[]): string {
  return tables.reduce((xml, t, i) => {
    const placeholder = `<w:p><w:r><w:t xml:space="preserve">${tableToken(i)}</w:t></w:r></w:p>`;
    const at = xml.indexOf(placeholder);
    if (at < 0) throw new Error(`通报.docx: the place of table ${i + 1} is missing from document.xml`);
    const widths = t.widths.map((w) => Math.floor(w * TEXT_WIDTH));
    return xml.slice(0, at) + tableXml(t, widths, TABLE_STYLE_IDS) + xml.slice(at + placeholder.length);
  }, documentXml);
}

/**
 * The circular as .docx bytes; `isoDate` (YYYY-MM-DD, the 印发日期) stamps the file. docx writes the packing
 * moment into docProps/core.xml and into every zip entry; both get the document's own date instead, so the
 * same data give the same bytes (as every other output of a run).
 */
export async function circularDocx(doc: CircularDocument, isoDate: string): Promise<Buffer> {
  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: TITLE, size: pt(14), children: ['— ', PageNumber.CURRENT, ' —'] })] })],
  });
  const document = new Document({
    creator: doc.bureau,
    title: doc.title,
    styles: { default: { document: { run: { font: BODY, size: pt(16) } } }, paragraphStyles: TABLE_STYLES },
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: Math.round(24 * MM), header: Math.round(15 * MM) } } },
      footers: { default: footer },
      children: [...head(doc), ...body(doc), ...closing(doc), ...doc.tables.flatMap((t, i) => tablePlace(t, tableToken(i)))],
    }],
  });
  const packed = await Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: core({ creator: doc.bureau, date: isoDate }, doc.title) }]);
  // Packed again by our zip writer, with the tables in place: every entry gets the document's date.
  const parts = unzipParts(Buffer.from(packed)).map((part) => (part.name === 'word/document.xml' ? { name: part.name, data: placeTables(part.data.toString('utf8'), doc.tables) } : part));
  return zipParts(parts, isoDate);
}
