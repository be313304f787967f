/**
 * The hostile-input corpus: each case builds one registry input (or a broken file) in a folder and
 * says what must happen: refused with one line matching `refused`, or accepted with these row counts.
 * Files are generated here rather than committed as binaries.
 */
import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { writeExcelOrderWorkbook, writeWorkbook, writeZip } from '../helpers/workbook.js';

export interface HostileCase {
  name: string;
  /** File name under registry/. */
  file: string;
  build(path: string): Promise<void> | void;
  refused?: RegExp;
  rows?: { read: number; loaded: number; rejected: number };
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const WORKBOOK = `<workbook ${NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const HEADER = ['全国学籍号', '姓名', '学校标识码', '年级'];
const ROW = (n: number) => [`G34162320160315${String(n).padStart(4, '0')}`, `学生${n}`, 'S1', '三年级'];
const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

/** A zip whose one part inflates to `head` + `unit` repeated past `bytes` + `tail`, deflated as it is generated. */
async function bombZip(path: string, part: string, head: string, unit: string, bytes: number, tail: string, extra: [string, string][] = []): Promise<void> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => deflate.on('end', r));
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  deflate.write(head);
  const block = Buffer.from(unit.repeat(Math.ceil((1 << 20) / unit.length)));
  for (let written = 0; written < bytes; written += block.length) {
    size += block.length;
    if (!deflate.write(block)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end(tail);
  await done;
  const parts: [string, Buffer, number][] = extra.map(([n, c]) => [n, deflateRawSync(Buffer.from(c)), Buffer.byteLength(c)]);
  parts.push([part, Buffer.concat(chunks), Math.min(size, 0xfffffffe)]);
  writeFileSync(path, deflatedZip(parts));
}

/** A zip of already-deflated parts (name, deflated bytes, inflated size); the CRC is left 0, as xueji does not check it. */
function deflatedZip(parts: [string, Buffer, number][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, packed, size] of parts) {
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(nameBuf.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xmlCell = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const inlineSheet = (rows: string[][]) => `<worksheet ${NS}><sheetData>${rows.map((r, i) => `<row r="${i + 1}">${r.map((v) => `<c t="inlineStr"><is><t>${xmlCell(v)}</t></is></c>`).join('')}</row>`).join('')}</sheetData></worksheet>`;
/** A sheet of shared-string cells: each number is an index into the table, null a gap. */
const sharedSheet = (rows: (number | null)[][]) => `<worksheet ${NS}><sheetData>${rows.map((r, i) => `<row r="${i + 1}">${r.map((v, c) => (v === null ? '' : `<c${c < 26 ? ` r="${String.fromCharCode(65 + c)}${i + 1}"` : ''} t="s"><v>${v}</v></c>`)).join('')}</row>`).join('')}</sheetData></worksheet>`;
const sharedStrings = (strings: string[]) => `<sst ${NS}>${strings.map((v) => `<si><t>${xmlCell(v)}</t></si>`).join('')}</sst>`;

export const CASES: HostileCase[] = [
  { name: 'zero bytes', file: 'a.xlsx', build: (p) => writeFile(p, ''), refused: /registry\/a.xlsx: 不是 xlsx 文件，实际是空文件/ },
  { name: 'HTML table saved as .xlsx', file: 'a.xlsx', build: (p) => writeFile(p, '<html><body><table><tr><td>全国学籍号</td></tr></table></body></html>'), refused: /registry\/a.xlsx: .*HTML 网页/ },
  { name: 'CSV renamed .xlsx', file: 'a.xlsx', build: (p) => writeFile(p, csv([HEADER, ROW(1)])), refused: /registry\/a.xlsx: .*文本文件/ },
  { name: 'legacy .xls / encrypted workbook (OLE)', file: 'a.xls', build: (p) => writeFile(p, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)])), refused: /registry\/a.xls: .*OLE 复合文档/ },
  {
    name: 'truncated zip', file: 'a.xlsx',
    build: async (p) => { await writeWorkbook(p, [HEADER, ROW(1), ROW(2)]); const { readFileSync } = await import('node:fs'); const b = readFileSync(p); await writeFile(p, b.subarray(0, b.length - 200)); },
    refused: /registry\/a.xlsx: .*(截断|不完整|损坏)/,
  },
  {
    name: 'two zip entries of one part name', file: 'a.xlsx',
    build: (p) => { writeZip(p, [['xl/workbook.xml', WORKBOOK], ['xl/worksheets/sheet1.xml', inlineSheet([HEADER, ROW(1)])], ['xl/worksheets/sheet1.xml', inlineSheet([HEADER, ROW(2)])]]); },
    refused: /registry\/a.xlsx: 含有两个同名部件 xl\/worksheets\/sheet1.xml/,
  },
  {
    // Row 3's name and row 4's only cell point past the shared-string table: rejected, never read as blank.
    name: 'shared-string indexes past the table\'s end', file: 'a.xlsx',
    build: (p) => { writeZip(p, [['xl/workbook.xml', WORKBOOK], ['xl/sharedStrings.xml', sharedStrings([...HEADER, ...ROW(1)])], ['xl/worksheets/sheet1.xml', sharedSheet([[0, 1, 2, 3], [4, 5, 6, 7], [4, 99, 6, 7], [null, 1234]])]]); },
    rows: { read: 3, loaded: 1, rejected: 2 },
  },
  {
    name: 'a sheet referring to a shared-string table the workbook lacks', file: 'a.xlsx',
    build: (p) => { writeZip(p, [['xl/workbook.xml', WORKBOOK], ['xl/worksheets/sheet1.xml', sharedSheet([[0, 1, 2, 3]])]]); },
    refused: /registry\/a.xlsx: 工作表“S”的单元格引用了共享字符串，但工作簿中没有共享字符串表/,
  },
  {
    // 200 cells of 350,000 characters each: past the 64 MiB a row may hand out as soon as the loader reads row 1.
    name: 'one 1 MB shared string referenced by every cell (amplification)', file: 'a.xlsx',
    build: (p) => { writeZip(p, [['xl/workbook.xml', WORKBOOK], ['xl/sharedStrings.xml', sharedStrings(['长'.repeat(350_000)])], ['xl/worksheets/sheet1.xml', sharedSheet(Array.from({ length: 1000 }, () => Array(200).fill(0)))]]); },
    refused: /registry\/a.xlsx: 工作表“S”第1行引用的共享字符串展开后超过 64 MB 上限/,
  },
  { name: 'sheet stored before sharedStrings (Excel\'s order)', file: 'a.xlsx', build: (p) => { writeExcelOrderWorkbook(p, [HEADER, ROW(1), ROW(2)]); }, rows: { read: 2, loaded: 2, rejected: 0 } },
  {
    name: 'zip bomb: sheet XML inflating past 2 GB', file: 'a.xlsx',
    build: (p) => bombZip(p, 'xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData><row r="1">`, '<c r="A1" t="inlineStr"><is><t>x</t></is></c>', 2.2 * 1024 ** 3, '</row></sheetData></worksheet>', [['xl/workbook.xml', WORKBOOK]]),
    refused: /registry\/a.xlsx: .*(压缩炸弹|上限)/,
  },
  {
    name: 'sharedStrings bomb', file: 'a.xlsx',
    build: (p) => bombZip(p, 'xl/sharedStrings.xml', `<sst ${NS}>`, '<si><t>炸弹</t></si>', 300 * 1024 ** 2, '</sst>', [['xl/workbook.xml', WORKBOOK], ['xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData/></worksheet>`]]),
    refused: /registry\/a.xlsx: .*压缩炸弹/,
  },
  {
    name: 'a single multi-GB cell', file: 'a.xlsx',
    build: (p) => bombZip(p, 'xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`, 'AAAAAAAAAAAAAAAA', 300 * 1024 ** 2, '</t></is></c></row></sheetData></worksheet>', [['xl/workbook.xml', WORKBOOK]]),
    refused: /registry\/a.xlsx: .*(压缩炸弹|上限)/,
  },
  {
    name: 'a cell at XFD1048576', file: 'a.xlsx',
    build: (p) => { writeZip(p, [['xl/workbook.xml', WORKBOOK], ['xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData>${[HEADER, ROW(1)].map((r, i) => `<row r="${i + 1}">${r.map((v) => `<c t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`).join('')}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>末</t></is></c></row></sheetData></worksheet>`]]); },
    rows: { read: 2, loaded: 1, rejected: 1 },
  },
  { name: 'merged title cells above the header', file: 'a.xlsx', build: async (p) => { await writeWorkbook(p, [['某学区学生名单'], [], HEADER, ROW(1)], { merge: ['A1:D1', 'A2:D2'] }); }, rows: { read: 1, loaded: 1, rejected: 0 } },
  {
    name: 'DOCTYPE with entity expansion', file: 'a.xlsx',
    build: (p) => { writeZip(p, [['xl/workbook.xml', `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>${WORKBOOK}`], ['xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData/></worksheet>`]]); },
    refused: /registry\/a.xlsx: .*DOCTYPE/,
  },
  { name: 'GBK CSV', file: 'a.csv', build: (p) => writeFile(p, iconv.encode(csv([HEADER, ROW(1), ROW(2)]), 'gbk')), rows: { read: 2, loaded: 2, rejected: 0 } },
  { name: 'GB18030 CSV with 4-byte characters', file: 'a.csv', build: (p) => writeFile(p, iconv.encode(csv([HEADER, [...ROW(1).slice(0, 1), '𠀀𪚥', 'S1', '三年级']]), 'gb18030')), rows: { read: 1, loaded: 1, rejected: 0 } },
  { name: 'UTF-8 CSV with BOM', file: 'a.csv', build: (p) => writeFile(p, '\uFEFF' + csv([HEADER, ROW(1)])), rows: { read: 1, loaded: 1, rejected: 0 } },
  { name: 'UTF-8 CSV without BOM', file: 'a.csv', build: (p) => writeFile(p, csv([HEADER, ROW(1)])), rows: { read: 1, loaded: 1, rejected: 0 } },
  { name: 'UTF-16 CSV', file: 'a.csv', build: (p) => writeFile(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv([HEADER, ROW(1)]), 'utf16le')])), rows: { read: 1, loaded: 1, rejected: 0 } },
  {
    name: 'an invalid byte in a UTF-8 CSV', file: 'a.csv',
    build: (p) => writeFile(p, Buffer.concat([Buffer.from('\uFEFF' + csv([HEADER, ROW(1)])), Buffer.from('G3416232016031500022,学'), Buffer.from([0xff]), Buffer.from(',S1,三年级\r\n')])),
    rows: { read: 2, loaded: 1, rejected: 1 },
  },
  { name: 'a quote never closed', file: 'a.csv', build: (p) => writeFile(p, csv([HEADER, ROW(1)]) + 'G1,"王五,S1,三年级\r\nG2,李四,S1,三年级\r\n'), rows: { read: 2, loaded: 1, rejected: 1 } },
  { name: 'rows with too many and too few fields', file: 'a.csv', build: (p) => writeFile(p, csv([HEADER, ROW(1), [...ROW(2), '多', '余'], ROW(3).slice(0, 2)])), rows: { read: 3, loaded: 1, rejected: 2 } },
  // NUL and the like are no text anyone typed (a damaged file, a wrong encoding): the row is rejected, not cleaned.
  { name: 'NUL and control characters in CSV cells', file: 'a.csv', build: (p) => writeFile(p, csv([HEADER, ROW(1), [ROW(2)[0], '王\u0000五\u0007', 'S1', '三年级'], [ROW(3)[0], '李四', 'S1\u001b', '三年级']])), rows: { read: 3, loaded: 1, rejected: 2 } },
  { name: 'a 50,000-character cell', file: 'a.csv', build: (p) => writeFile(p, csv([HEADER, [ROW(1)[0], '长'.repeat(50_000), 'S1', '三年级']])), rows: { read: 1, loaded: 1, rejected: 0 } },
  { name: 'IDs damaged by Excel (number, scientific notation)', file: 'a.xlsx', build: (p) => { writeExcelOrderWorkbook(p, [[...HEADER, '身份证件号码'], [...ROW(1), 341623201603150000], [...ROW(2), '3.41623E+17']]); }, rows: { read: 2, loaded: 2, rejected: 0 } },
  { name: 'unknown and missing header columns', file: 'a.csv', build: (p) => writeFile(p, csv([['全国学籍号', '姓名', '学校标识码', '备注', '随便'], ['G1', '王五', 'S1', 'x', 'y']])), rows: { read: 1, loaded: 1, rejected: 0 } },
  { name: 'a duplicated header column', file: 'a.csv', build: (p) => writeFile(p, csv([['全国学籍号', '姓名', '学校标识码', '学籍号'], ['G1', '王五', 'S1', 'G2']])), refused: /registry\/a.csv 第1行: 表头中“学籍号”重复出现/ },
  { name: 'no recognisable header', file: 'a.csv', build: (p) => writeFile(p, csv([['a', 'b'], ['1', '2']])), refused: /registry\/a.csv: 找不到学籍导出的表头/ },
  { name: 'header only in row 12, repeated header rows', file: 'a.csv', build: (p) => writeFile(p, csv([...Array.from({ length: 11 }, (_, i) => [`标题行${i}`]), HEADER, ROW(1), HEADER, ROW(2), [], HEADER])), rows: { read: 2, loaded: 2, rejected: 0 } },
  {
    name: 'formula cells, error cells, serial dates, 1904 date system', file: 'a.xlsx',
    build: (p) => { writeExcelOrderWorkbook(p, [[...HEADER, '出生日期'], [{ f: 'CONCAT("G","1")', v: 'G1' }, '王五', 'S1', '三年级', 40238], ['G2', { error: '#N/A' }, 'S1', '三年级', { f: 'DATE(2014,3,2)', v: 40238 }]], { date1904: true }); },
    rows: { read: 2, loaded: 2, rejected: 0 },
  },
  { name: 'zero-width, right-to-left override, full-width digits and letters', file: 'a.csv', build: (p) => writeFile(p, csv([HEADER, ['\u200BＧ３４１６２３\u202E2016031500１1', '王\u200D五', 'Ｓ1', '三年级']])), rows: { read: 1, loaded: 1, rejected: 0 } },
];

export async function buildCase(dir: string, c: HostileCase): Promise<void> {
  await c.build(join(dir, 'registry', c.file));
}
