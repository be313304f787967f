/**
 * exceljs stamps every part of an .xlsx with the time of writing; this sets them all to one fixed date
 * so that two runs on the same input give byte-identical workbooks.
 */
import { readFile, writeFile } from 'node:fs/promises';

function dosDateTime(isoDate: string): { date: number; time: number } {
  const [y, m, d] = isoDate.split('-').map(Number);
  return { date: ((y - 1980) << 9) | (m << 5) | d, time: 0 };
}

export async function fixZipTimestamps(path: string, isoDate: string): Promise<void> {
  const buf = await readFile(path);
  const { date, time } = dosDateTime(isoDate);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && buf.readUInt32LE(p) === 0x02014b50; n++) {
    buf.writeUInt16LE(time, p + 12);
    buf.writeUInt16LE(date, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) === 0x04034b50) {
      buf.writeUInt16LE(time, local + 10);
      buf.writeUInt16LE(date, local + 12);
    }
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  await writeFile(path, buf);
}
