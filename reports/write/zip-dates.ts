/**
 * Stamps every entry of a zip file written by another library with one date (time 00:00), in place:
 * the packers we use (docx, through fflate) stamp the moment of packing, so the same document would
 * differ byte for byte between two runs. Only the DOS time and date fields change; the data and CRCs
 * stay. Throws on what is not a plain zip (no end record, zip64, an entry without its headers).
 */
import { dosDate } from './zip-writer.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function stampZipDates(zip: Buffer, isoDate: string): Buffer {
  const date = dosDate(isoDate);
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) { end = at; break; }
  }
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (entries === 0xffff || at === 0xffffffff) throw new Error('zip64 is not supported here');
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`zip entry ${i}: no central directory header`);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error(`zip entry ${i}: no local header`);
    zip.writeUInt16LE(0, at + 12);
    zip.writeUInt16LE(date, at + 14);
    zip.writeUInt16LE(0, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
