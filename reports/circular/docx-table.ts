/**
 * An attachment table of 通报.docx as WordprocessingML, written here rather than built from docx's
 * Table, TableRow and TableCell objects: a city's 附件2 has thousands of cells, and docx's object tree
 * and its generic serialisation were most of the document's build (a CPU-second, cold). The XML is the
 * one docx wrote for the same table: fixed layout, centred, single borders, the header row repeated on
 * every page, rows never split, each cell's paragraph in one of the table styles (circular-docx.ts's
 * TABLE_STYLES), a 合计 row in bold, a header's second line after a break.
 */
import { isFigure, type CircularTable } from './circular-model.js';

/** Paragraph style ids of the table cells: text, figures (right-aligned), header. */
export interface TableStyleIds { text: string; figure: string; header: string }

const BORDER = 'w:val="single" w:color="auto" w:sz="4"';
const BORDERS = `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/><w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders>`;
const CELL_MARGINS = '<w:tblCellMar><w:top w:type="dxa" w:w="20"/><w:left w:type="dxa" w:w="57"/><w:bottom w:type="dxa" w:w="20"/><w:right w:type="dxa" w:w="57"/></w:tblCellMar>';
const BOLD = '<w:rPr><w:b/><w:bCs/></w:rPr>';

/** Text for a w:t element, as docx escapes it: markup characters, and control characters XML cannot hold dropped. */
// eslint-disable-next-line no-control-regex
const TEXT_ESCAPES = /[&<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const escapeText = (text: string) => text.replace(TEXT_ESCAPES, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : ''));

/** The table `t`, its columns `widths` wide (twips). */
export function tableXml(t: CircularTable, widths: number[], styles: TableStyleIds): string {
  const cellStart = widths.map((w) => `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${w}"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="`);
  const cell = (column: number, style: string, lines: string[], bold: boolean) => {
    const runs = lines.map((text, l) => `<w:r>${bold ? BOLD : ''}${l > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${escapeText(text)}</w:t></w:r>`).join('');
    return `${cellStart[column]}${style}"/></w:pPr>${runs}</w:p></w:tc>`;
  };
  const parts = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${widths.reduce((a, b) => a + b, 0)}"/><w:jc w:val="center"/>${BORDERS}<w:tblLayout w:type="fixed"/>${CELL_MARGINS}</w:tblPr>`,
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
    `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${t.header.map((lines, i) => cell(i, styles.header, lines, false)).join('')}</w:tr>`,
  ];
  for (const row of t.rows) {
    const cells = row.cells.map((text, i) => cell(i, isFigure(t, i, text) ? styles.figure : styles.text, [text], row.total));
    parts.push(`<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.join('')}</w:tr>`);
  }
  parts.push('</w:tbl>');
  return parts.join('');
}
