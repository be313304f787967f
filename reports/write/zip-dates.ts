/**
 * Stamps every entry of a zip file written by another library with one date (time 00:00), in place:
 * packers such as fflate stamp the moment of packing, so the same workbook would differ byte for byte
 * between two runs. Only the DOS time and date fields change; the data and CRCs stay. Throws on what
 * is not a plain zip (no end record, zip64, an entry without its headers).
 */
import { zipEntries } from './zip-in-memory.js';
import { dosDate } from './zip-writer.js';

export function stampZipDates(zip: Buffer, isoDate: string): Buffer {
  const date = dosDate(isoDate);
  for (const { central, local } of zipEntries(zip)) {
    zip.writeUInt16LE(0, central + 12);
    zip.writeUInt16LE(date, central + 14);
    zip.writeUInt16LE(0, local + 10);
    zip.writeUInt16LE(date, local + 12);
  }
  return zip;
}
