/**
 * A workbook holding one long data list (a city's findings), written as its rows arrive: header in
 * row 1, frozen, with autofilter, printed landscape with the header repeated and pages numbered.
 * Rows come in batches and go through deflate to the file as they come, so only a batch is held;
 * text cells are inline strings (no shared-string table to keep) in the text format (@), so that IDs
 * and codes stay as written when Excel or WPS open or edit them (never 3.41203E+17). Rows beyond what
 * a sheet holds go on in a further sheet (name2, name3, …), each with the header.
 */
import { XmlBytes } from './xml-bytes.js';
import { ZipFileWriter } from './zip-writer.js';
import { MAIN_NS, PAGE_FOOTER, REL_NS, Styles, XML_HEAD, columnName, packageParts, xmlText, type SheetEntry, type WorkbookInfo } from './workbook-parts.js';
import type { CellValue } from './workbook-writer.js';

export interface ListColumn {
  header: string;
  /** Width in characters. */
  width: number;
  /** Text columns hold inline strings in the text format; number columns numbers. */
  kind: 'text' | 'number';
}

export interface ListSheet {
  name: string;
  columns: ListColumn[];
}

/** Data rows per sheet: Excel's 1,048,576 rows less the header. */
export const SHEET_ROWS = 1_048_575;

/** Writes the list; returns the number of data rows. Same rows, same bytes. */
export async function writeListWorkbook(path: string, info: WorkbookInfo, sheet: ListSheet, batches: AsyncIterable<CellValue[][]>, rowsPerSheet = SHEET_ROWS): Promise<number> {
  const styles = new Styles();
  const headerStyle = styles.id({ header: true, align: 'center', border: true });
  const textStyle = styles.id({ text: true });
  const zip = await ZipFileWriter.create(path, info.date);
  try {
    const source = new Batches(batches[Symbol.asyncIterator]());
    const entries: SheetEntry[] = [];
    const lastColumn = sheet.columns.length - 1;
    do {
      const rows = { n: 0 };
      const name = entries.length === 0 ? sheet.name : `${sheet.name}${entries.length + 1}`;
      await zip.addStream(`xl/worksheets/sheet${entries.length + 1}.xml`, sheetXml(sheet.columns, source.take(rowsPerSheet, rows), headerStyle, textStyle));
      entries.push({ name, headerRow: 1, lastColumn, filterTo: 1 + rows.n });
    } while (!source.done);
    for (const part of packageParts(info, entries, styles)) await zip.add(part);
    await zip.close();
    return entries.reduce((n, e) => n + e.filterTo - 1, 0);
  } catch (e) {
    await zip.abandon();
    throw e;
  }
}

/** The batches, taken a sheet's worth at a time (a batch may be split between two sheets). */
class Batches {
  done = false;
  private rest: CellValue[][] = [];

  constructor(private readonly source: AsyncIterator<CellValue[][]>) {}

  async *take(limit: number, count: { n: number }): AsyncGenerator<CellValue[][]> {
    while (count.n < limit) {
      let batch = this.rest;
      this.rest = [];
      if (!batch.length) {
        const next = await this.source.next();
        if (next.done) {
          this.done = true;
          return;
        }
        batch = next.value;
      }
      if (count.n + batch.length > limit) {
        this.rest = batch.slice(limit - count.n);
        batch = batch.slice(0, limit - count.n);
      }
      count.n += batch.length;
      yield batch;
    }
    // Full: whether rows remain is known only by asking for them.
    if (!this.rest.length) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else this.rest = next.value;
    }
  }
}

/**
 * Text XML keeps as it is, with no leading or trailing white space (which needs xml:space="preserve").
 * The same as text.trim() === text; most cells start and end with a letter, digit or CJK character, and
 * need no trim (which cost a fifth of a city's sheet).
 */
function keepsItsEnds(text: string): boolean {
  return (plainEnd(text.charCodeAt(0)) && plainEnd(text.charCodeAt(text.length - 1))) || text.trim() === text;
}

/** A character trim never removes: printable ASCII or a CJK ideograph. */
const plainEnd = (c: number) => (c > 0x20 && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff);

async function* sheetXml(columns: ListColumn[], batches: AsyncIterable<CellValue[][]>, headerStyle: number, textStyle: number): AsyncGenerator<Buffer> {
  const refs = columns.map((_, c) => columnName(c));
  const cols = columns.map((col, c) => `<col min="${c + 1}" max="${c + 1}" width="${col.width}" customWidth="1"/>`).join('');
  const header = columns.map((col, c) => `<c r="${refs[c]}1" s="${headerStyle}" t="inlineStr"><is><t>${xmlText(col.header)}</t></is></c>`).join('');
  const xml = new XmlBytes();
  xml.ascii(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
    + '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    + `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">`);
  xml.utf8(header);
  xml.ascii('</row>');
  yield xml.take();
  // A row's XML goes into the bytes as soon as it is made (xml-bytes.ts says why).
  const cellStart = refs.map((ref) => `<c r="${ref}`);
  const textCell = `" s="${textStyle}" t="inlineStr"><is><t>`;
  const spacedTextCell = `" s="${textStyle}" t="inlineStr"><is><t xml:space="preserve">`;
  let row = 1;
  for await (const batch of batches) {
    for (const values of batch) {
      const r = String(++row);
      let line = `<row r="${r}">`;
      for (let c = 0; c < columns.length; c++) {
        const v = values[c];
        if (v === null || v === undefined || v === '') continue;
        if (columns[c].kind === 'number' && typeof v === 'number') {
          if (Number.isFinite(v)) line += `${cellStart[c]}${r}"><v>${v}</v></c>`;
        } else {
          const text = String(v);
          line += `${cellStart[c]}${r}${keepsItsEnds(text) ? textCell : spacedTextCell}${xmlText(text)}</t></is></c>`;
        }
      }
      xml.utf8(`${line}</row>`);
    }
    yield xml.take();
  }
  xml.ascii('</sheetData>'
    + `<autoFilter ref="A1:${refs[refs.length - 1]}${row}"/>`
    + '<printOptions gridLines="1"/>'
    + '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
    + '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
  xml.utf8(PAGE_FOOTER);
  xml.ascii('</worksheet>');
  yield xml.take();
}
