/**
 * The parts of an xlsx package around its sheets, shared by the table writer (workbook-writer.ts) and
 * the streamed one (streamed-workbook.ts): content types, relationships, document properties, the
 * workbook part with its print titles and filter ranges, the cell formats, the shared strings, and
 * XML text escaping.
 */

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface WorkbookInfo {
  creator: string;
  /** YYYY-MM-DD: the documents' dates and every zip entry's. */
  date: string;
}

/** What workbook.xml says of a sheet: its name, header row and the filter's last row and column. */
export interface SheetEntry {
  name: string;
  headerRow: number;
  /** 0-based index of the last column. */
  lastColumn: number;
  /** The last row the autofilter covers. */
  filterTo: number;
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

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"_\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Text for XML: markup characters escaped; characters XML cannot hold written as OOXML's _xHHHH_
 * (and a literal "_xHHHH_" protected so it reads back as typed).
 */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text; // most cells: nothing to do (a city's findings sheet has a million and more)
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** Page numbers in the printed footer, as a Chinese office prints them. */
export const PAGE_FOOTER = '<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>';

export class SharedStrings {
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

export interface CellStyle {
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
export class Styles {
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

export function contentTypes(sheets: number, sharedStrings: boolean): string {
  const sheetTypes = Array.from({ length: sheets }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + sheetTypes
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + (sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '')
    + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    + '</Types>';
}

export const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
  + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>`
  + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
  + `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>`
  + '</Relationships>';

export const APP = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>xueji</Application></Properties>`;

export function core(info: WorkbookInfo, title?: string): string {
  const when = `${info.date}T00:00:00Z`;
  return `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
    + `${title === undefined ? '' : `<dc:title>${xmlText(title)}</dc:title>`}<dc:creator>${xmlText(info.creator)}</dc:creator><cp:lastModifiedBy>${xmlText(info.creator)}</cp:lastModifiedBy>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>`
    + '</cp:coreProperties>';
}

/** workbook.xml: the sheets, each with its filter range and its header row repeated on every printed page. */
export function workbookXml(sheets: SheetEntry[]): string {
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const names = sheets.map((s, i) => {
    const quoted = `'${s.name.replace(/'/g, "''")}'`;
    return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(`${quoted}!$A$${s.headerRow}:$${columnName(s.lastColumn)}$${s.filterTo}`)}</definedName>`
      + `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`${quoted}!$${s.headerRow}:$${s.headerRow}`)}</definedName>`;
  }).join('');
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${list}</sheets><definedNames>${names}</definedNames></workbook>`;
}

export function workbookRels(sheets: number, sharedStrings: boolean): string {
  const rels = Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`);
  if (sharedStrings) rels.push(`<Relationship Id="rId${sheets + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rels.join('')}</Relationships>`;
}

/** The package parts around the sheets (a shared-strings part only for a writer that has one). */
export function packageParts(info: WorkbookInfo, sheets: SheetEntry[], styles: Styles, strings?: SharedStrings): { name: string; data: string }[] {
  return [
    { name: '[Content_Types].xml', data: contentTypes(sheets.length, Boolean(strings)) },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'docProps/app.xml', data: APP },
    { name: 'docProps/core.xml', data: core(info) },
    { name: 'xl/workbook.xml', data: workbookXml(sheets) },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels(sheets.length, Boolean(strings)) },
    { name: 'xl/styles.xml', data: styles.xml() },
    ...(strings ? [{ name: 'xl/sharedStrings.xml', data: strings.xml() }] : []),
  ];
}
