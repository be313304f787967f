/**
 * A zip held in memory, as another library packed it (docx, through fflate): its entries walked through
 * the central directory, and its parts read back whole. Only the plain form we meet there: stored or
 * deflated entries, no zip64. Throws on anything else.
 */
import { inflateRawSync } from 'node:zlib';
import type { ZipPart } from './zip-writer.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Where one entry's two headers sit. */
export interface ZipEntryAt {
  /** Offset of the entry's central directory record. */
  central: number;
  /** Offset of its local header. */
  local: number;
}

/** Every entry, in the central directory's order. */
export function zipEntries(zip: Buffer): ZipEntryAt[] {
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) { end = at; break; }
  }
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64 is not supported here');
  const entries: ZipEntryAt[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`zip entry ${i}: no central directory header`);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error(`zip entry ${i}: no local header`);
    entries.push({ central: at, local });
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Every part's name and bytes, in the zip's order (sizes from the central directory). */
export function unzipParts(zip: Buffer): ZipPart[] {
  return zipEntries(zip).map(({ central, local }, i) => {
    const method = zip.readUInt16LE(central + 10);
    const packedSize = zip.readUInt32LE(central + 20);
    const name = zip.toString('utf8', central + 46, central + 46 + zip.readUInt16LE(central + 28));
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + packedSize);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${i}: compression method ${method} is not supported here`);
    return { name, data: method === 8 ? inflateRawSync(packed) : Buffer.from(packed) };
  });
}
