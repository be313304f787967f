/**
 * xlsx output for Excel and WPS, written as OOXML directly (exceljs took ~30 ms per small workbook,
 * most of a city's report time over ~800 fix-lists; this writes one in about a millisecond).
 * Every sheet is laid out like the seed's attachment tables: a title row merged across the table,
 * further preamble lines, a frozen bold header with autofilter, thin borders, column widths from the
 * content, A4 print setup repeating the header row. Text is always a shared string, never a formula;
 * text that Excel could take for one when edited (= + - @, tab, CR) also gets the text number format.
 */
import { writeFileSync } from 'node:fs';
import { startsLikeFormula } from './csv-writer.js';
import { zipParts } from './zip-writer.js';

/** A table as the documents lay it out; HTML and xlsx render the same model. */
export type CellValue = string | number | null;

export interface TableModel {
  title: string;
  /** Sheet name in 附件.xlsx. */
  sheet: string;
  header: string[];
  rows: { values: CellValue[]; total?: boolean }[];
  /** Columns holding ratios (3 decimals) and whole numbers. */
  ratioColumns: number[];
  numberColumns: number[];
}

export interface SheetOptions {
  /** Lines above the header (the first is the title, merged across the table). */
  preamble: string[];
  header: string[];
  rows: { values: CellValue[]; total?: boolean }[];
  ratioColumns?: number[];
  landscape?: boolean;
  maxWidth?: number;
  /** A dropdown in one column of every body row (0-based column). */
  choice?: { column: number; values: string[]; title: string; error: string };
}

export interface WorkbookInfo {
  creator: string;
  /** YYYY-MM-DD: the documents' dates and every zip entry's. */
  date: string;
}

export function tableSheetOptions(model: TableModel): SheetOptions {
  return { preamble: [model.title], header: model.header, rows: model.rows, ratioColumns: model.ratioColumns };
}

/** Writes a workbook of table sheets, in order. Same input, same bytes. */
export async function writeWorkbook(path: string, info: WorkbookInfo, sheets: { name: string; options: SheetOptions }[]): Promise<void> {
  const strings = new SharedStrings();
  const styles = new Styles();
  const sheetXml = sheets.map((s) => sheetPart(s.options, strings, styles));
  const parts = [
    { name: '[Content_Types].xml', data: contentTypes(sheets.length) },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'docProps/app.xml', data: APP },
    { name: 'docProps/core.xml', data: core(info) },
    { name: 'xl/workbook.xml', data: workbook(sheets) },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels(sheets.length) },
    { name: 'xl/styles.xml', data: styles.xml() },
    { name: 'xl/sharedStrings.xml', data: strings.xml() },
    ...sheetXml.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
  ];
  writeFileSync(path, zipParts(parts, info.date));
}

/** Display width of text in Excel columns (CJK characters count double). */
function textWidth(value: CellValue | undefined): number {
  const s = value === null || value === undefined ? '' : String(value);
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2.1 : 1.1;
  return w;
}

/** Points per line of 11-point text. */
const LINE_HEIGHT = 14.5;

/** Each column wide enough for its widest text (cellWidths[row][col]), within [6, maxWidth] character widths. */
function columnWidths(options: SheetOptions, cellWidths: number[][]): number[] {
  const maxWidth = options.maxWidth ?? 40;
  return options.header.map((h, c) => {
    let widest = textWidth(h);
    for (const w of cellWidths) widest = Math.max(widest, w[c]);
    return Math.min(maxWidth, Math.max(6, Math.ceil(widest) + 2));
  });
}

function sheetPart(options: SheetOptions, strings: SharedStrings, styles: Styles): string {
  const width = options.header.length;
  const headerRow = options.preamble.length + 1;
  const lastColumn = columnName(width - 1);
  const rows: string[] = [];
  options.preamble.forEach((line, i) => {
    const style = styles.id({ title: i === 0, align: i === 0 ? 'center' : 'left', wrap: true, text: startsLikeFormula(line) });
    // The cells the line is merged over carry its style too, as Excel writes them.
    const cells = [cell(0, i + 1, line, style, strings)];
    for (let c = 1; c < width; c++) cells.push(cell(c, i + 1, null, style, strings));
    rows.push(`<row r="${i + 1}"${i === 0 ? ' ht="28" customHeight="1"' : ''}>${cells.join('')}</row>`);
  });
  const header = options.header.map((h, c) => cell(c, headerRow, h, styles.id({ header: true, align: 'center', wrap: true, border: true, text: startsLikeFormula(h) }), strings));
  rows.push(`<row r="${headerRow}">${header.join('')}</row>`);
  // Each cell's text width, measured once: it sets the column widths, then which cells wrap.
  const cellWidths = options.rows.map((r) => options.header.map((_, c) => textWidth(r.values[c])));
  const widths = columnWidths(options, cellWidths);
  options.rows.forEach((r, i) => {
    const rowNumber = headerRow + 1 + i;
    const cells: string[] = [];
    let lines = 1;
    for (let c = 0; c < width; c++) {
      const v = r.values[c] ?? null;
      // Text wider than its column wraps, and the row is made tall enough to show it all (neither
      // Excel nor WPS grows a row on opening the file).
      const cellLines = typeof v === 'string' ? Math.ceil(cellWidths[i][c] / (widths[c] - 1)) : 1;
      lines = Math.max(lines, cellLines);
      const style = styles.id({
        bold: r.total, border: true, wrap: cellLines > 1,
        text: typeof v === 'string' && startsLikeFormula(v), ratio: typeof v === 'number' && options.ratioColumns?.includes(c),
      });
      cells.push(cell(c, rowNumber, v, style, strings));
    }
    const height = lines > 1 ? ` ht="${(lines * LINE_HEIGHT + 2).toFixed(1)}" customHeight="1"` : '';
    rows.push(`<row r="${rowNumber}"${height}>${cells.join('')}</row>`);
  });
  const cols = widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`);
  const lastRow = headerRow + options.rows.length;
  const filterTo = headerRow + options.rows.filter((r) => !r.total).length;
  const merges = options.preamble.map((_, i) => `<mergeCell ref="A${i + 1}:${lastColumn}${i + 1}"/>`);
  const choice = options.choice && options.rows.length
    ? `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="${xmlText(options.choice.title)}" error="${xmlText(options.choice.error)}" sqref="${columnName(options.choice.column)}${headerRow + 1}:${columnName(options.choice.column)}${lastRow}"><formula1>${xmlText(`"${options.choice.values.join(',')}"`)}</formula1></dataValidation></dataValidations>`
    : '';
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
    + '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    + `<dimension ref="A1:${lastColumn}${lastRow}"/>`
    + `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + `<cols>${cols.join('')}</cols>`
    + `<sheetData>${rows.join('')}</sheetData>`
    + `<autoFilter ref="A${headerRow}:${lastColumn}${filterTo}"/>`
    + (merges.length ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '')
    + choice
    + '<printOptions horizontalCentered="1"/>'
    + '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    + `<pageSetup paperSize="9" orientation="${options.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`
    + '</worksheet>';
}

function cell(col: number, row: number, value: CellValue, style: number, strings: SharedStrings): string {
  const ref = `${columnName(col)}${row}`;
  if (value === null || value === '') return `<c r="${ref}" s="${style}"/>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}" s="${style}"><v>${value}</v></c>` : `<c r="${ref}" s="${style}"/>`;
  return `<c r="${ref}" s="${style}" t="s"><v>${strings.index(value)}</v></c>`;
}

export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/**
 * Text for XML: markup characters escaped; characters XML cannot hold written as OOXML's _xHHHH_
 * (and a literal "_xHHHH_" protected so it reads back as typed).
 */
export function xmlText(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

class SharedStrings {
  private readonly ids = new Map<string, number>();
  private count = 0;

  index(text: string): number {
    this.count++;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }

  xml(): string {
    const items = [...this.ids.keys()].map((t) => `<si><t xml:space="preserve">${xmlText(t)}</t></si>`);
    return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${items.length}">${items.join('')}</sst>`;
  }
}

interface CellStyle {
  title?: boolean;
  header?: boolean;
  bold?: boolean;
  align?: 'center' | 'left';
  wrap?: boolean;
  border?: boolean;
  /** The text number format (@). */
  text?: boolean;
  /** Three decimals (0.000). */
  ratio?: boolean;
}

/** Cell formats as used, numbered in order of first use (xf 0 is Excel's default). */
class Styles {
  /** Style id by the style's flags packed into a number (called once per cell: no strings built). */
  private readonly byFlags = new Map<number, number>();
  private readonly ids = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  id(style: CellStyle): number {
    const flags = (style.title ? 1 : 0) | (style.header ? 2 : 0) | (style.bold ? 4 : 0) | (style.align === 'center' ? 8 : style.align === 'left' ? 16 : 0)
      | (style.wrap ? 32 : 0) | (style.border ? 64 : 0) | (style.text ? 128 : 0) | (style.ratio ? 256 : 0);
    let id = this.byFlags.get(flags);
    if (id === undefined) {
      id = this.xfId(style);
      this.byFlags.set(flags, id);
    }
    return id;
  }

  private xfId(style: CellStyle): number {
    const font = style.title ? 2 : style.header || style.bold ? 1 : 0;
    const fill = style.header ? 2 : 0;
    const border = style.border ? 1 : 0;
    const numFmt = style.text ? 49 : style.ratio ? 164 : 0;
    const alignment = `<alignment${style.align ? ` horizontal="${style.align}"` : ''} vertical="center"${style.wrap ? ' wrapText="1"' : ''}/>`;
    const xf = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${numFmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''} applyAlignment="1">${alignment}</xf>`;
    let id = this.ids.get(xf);
    if (id === undefined) {
      id = this.xfs.length;
      this.xfs.push(xf);
      this.ids.set(xf, id);
    }
    return id;
  }

  xml(): string {
    return `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">`
      + '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/></numFmts>'
      + '<fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font>'
      + '<font><b/><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font>'
      + '<font><b/><sz val="14"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts>'
      + '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
      + '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>'
      + '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
      + '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`
      + '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
      + '</styleSheet>';
  }
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

function contentTypes(sheets: number): string {
  const sheetTypes = Array.from({ length: sheets }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + sheetTypes
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    + '</Types>';
}

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
  + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>`
  + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
  + `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>`
  + '</Relationships>';

const APP = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>xueji</Application></Properties>`;

function core(info: WorkbookInfo): string {
  const when = `${info.date}T00:00:00Z`;
  return `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
    + `<dc:creator>${xmlText(info.creator)}</dc:creator><cp:lastModifiedBy>${xmlText(info.creator)}</cp:lastModifiedBy>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>`
    + '</cp:coreProperties>';
}

function workbook(sheets: { name: string; options: SheetOptions }[]): string {
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const names = sheets.map((s, i) => {
    const headerRow = s.options.preamble.length + 1;
    const quoted = `'${s.name.replace(/'/g, "''")}'`;
    const filterTo = headerRow + s.options.rows.filter((r) => !r.total).length;
    return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(`${quoted}!$A$${headerRow}:$${columnName(s.options.header.length - 1)}$${filterTo}`)}</definedName>`
      + `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`${quoted}!$${headerRow}:$${headerRow}`)}</definedName>`;
  }).join('');
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${list}</sheets><definedNames>${names}</definedNames></workbook>`;
}

function workbookRels(sheets: number): string {
  const rels = Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rels.join('')}</Relationships>`;
}
