/** Builds small input files inside a test: xlsx (via exceljs, or raw zip parts in any order) and csv. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export function tempDir(prefix = 'xueji-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export type TestCell = string | number | null | undefined;

/** An xlsx written by exceljs (shared strings, merged title cells if asked). */
export async function writeWorkbook(path: string, rows: TestCell[][], options: { merge?: string[]; sheetName?: string; numericAsText?: boolean } = {}): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(options.sheetName ?? 'Sheet1');
  rows.forEach((row, r) => row.forEach((v, c) => { if (v !== null && v !== undefined) sheet.getCell(r + 1, c + 1).value = v; }));
  for (const m of options.merge ?? []) sheet.mergeCells(m);
  await book.xlsx.writeFile(path);
  return path;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A zip of the given parts, stored in exactly this order (deflated unless `store`). */
export function writeZip(path: string, parts: [string, string | Buffer][], store = false): string {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = store ? data : deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6); local.writeUInt16LE(store ? 0 : 8, 8);
    local.writeUInt32LE(crc32(data), 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x800, 8); central.writeUInt16LE(store ? 0 : 8, 10);
    central.writeUInt32LE(crc32(data), 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
  return path;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An xlsx laid out the way Excel itself saves it: the sheet part before sharedStrings in the zip.
 * Strings go to sharedStrings; numbers stay numeric cells; `{f, v}` is a formula with a cached value.
 */
export function writeExcelOrderWorkbook(path: string, rows: (string | number | { f: string; v: string | number } | { error: string } | null)[][], options: { date1904?: boolean } = {}): string {
  const shared: string[] = [];
  const index = new Map<string, number>();
  const sheetRows = rows.map((row, r) => {
    const cells = row.map((v, c) => {
      if (v === null) return '';
      const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
      if (typeof v === 'object' && 'error' in v) return `<c r="${ref}" t="e"><v>${v.error}</v></c>`;
      if (typeof v === 'object') return typeof v.v === 'number' ? `<c r="${ref}"><f>${xmlEscape(v.f)}</f><v>${v.v}</v></c>` : `<c r="${ref}" t="str"><f>${xmlEscape(v.f)}</f><v>${xmlEscape(v.v)}</v></c>`;
      if (!index.has(v)) { index.set(v, shared.length); shared.push(v); }
      return `<c r="${ref}" t="s"><v>${index.get(v)}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return writeZip(path, [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${ns} xmlns:r="${rel}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="学生" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${ns}><sheetData>${sheetRows.join('')}</sheetData></worksheet>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${ns} count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join('')}</sst>`],
  ]);
}

export function writeText(path: string, content: string | Buffer): string {
  writeFileSync(path, content);
  return path;
}
