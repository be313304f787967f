/**
 * A minimal zip writer for the workbooks we produce: parts deflated by Node's zlib (small ones stored)
 * and stamped with one fixed date, so that the same input gives byte-identical files. zipParts packs
 * parts held in memory; ZipFileWriter writes a file part by part, and can stream a part too large to
 * hold (a city's findings sheet) through deflate as it is made.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: string | Buffer;
}

/** A YYYY-MM-DD date as a zip entry's DOS date field. */
export function dosDate(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return ((y - 1980) << 9) | (m << 5) | d;
}

const STORE_BELOW = 4096;
/** Level 1: 2.4x faster than 6, files ~15% larger. */
const LEVEL = 1;

/** What the local header and the central directory say of one entry. */
interface EntryFacts {
  name: Buffer;
  method: number;
  date: number;
  crc: number;
  packedSize: number;
  size: number;
  offset: number;
}

function localHeader(e: EntryFacts): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // names in UTF-8
  local.writeUInt16LE(e.method, 8);
  local.writeUInt16LE(0, 10); // time
  local.writeUInt16LE(e.date, 12);
  local.writeUInt32LE(e.crc, 14);
  local.writeUInt32LE(e.packedSize, 18);
  local.writeUInt32LE(e.size, 22);
  local.writeUInt16LE(e.name.length, 26);
  return Buffer.concat([local, e.name]);
}

function centralEntry(e: EntryFacts): Buffer {
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0);
  entry.writeUInt16LE(20, 4);
  entry.writeUInt16LE(20, 6);
  entry.writeUInt16LE(0x0800, 8);
  entry.writeUInt16LE(e.method, 10);
  entry.writeUInt16LE(0, 12);
  entry.writeUInt16LE(e.date, 14);
  entry.writeUInt32LE(e.crc, 16);
  entry.writeUInt32LE(e.packedSize, 20);
  entry.writeUInt32LE(e.size, 24);
  entry.writeUInt16LE(e.name.length, 28);
  entry.writeUInt32LE(e.offset, 42);
  return Buffer.concat([entry, e.name]);
}

function endOfDirectory(entries: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return end;
}

/** One part held in memory: its facts and its (packed) bytes. */
function packPart(part: ZipPart, date: number, offset: number): { facts: EntryFacts; packed: Buffer } {
  const raw = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data;
  // Each deflate call sets up a fresh zlib state, which costs more than compressing a small part saves.
  const method = raw.length < STORE_BELOW ? 0 : 8;
  const packed = method === 8 ? deflateRawSync(raw, { level: LEVEL }) : raw;
  return { facts: { name: Buffer.from(part.name, 'utf8'), method, date, crc: crc32(raw), packedSize: packed.length, size: raw.length, offset }, packed };
}

export function zipParts(parts: ZipPart[], isoDate: string): Buffer {
  const date = dosDate(isoDate);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { facts, packed } = packPart(part, date, offset);
    const local = localHeader(facts);
    chunks.push(local, packed);
    central.push(centralEntry(facts));
    offset += local.length + packed.length;
  }
  const directory = Buffer.concat(central);
  return Buffer.concat([...chunks, directory, endOfDirectory(parts.length, directory.length, offset)]);
}

/**
 * A zip file written part by part. A streamed part's local header is written with zero sizes and
 * patched in place once its data is through (no data descriptor: every reader knows the plain form).
 * No zip64: a part and the file stay under 4 GiB (a province's findings sheet is a few hundred MB).
 */
export class ZipFileWriter {
  private readonly central: Buffer[] = [];
  private offset = 0;

  private constructor(private readonly file: FileHandle, private readonly date: number) {}

  static async create(path: string, isoDate: string): Promise<ZipFileWriter> {
    return new ZipFileWriter(await open(path, 'w'), dosDate(isoDate));
  }

  async add(part: ZipPart): Promise<void> {
    const { facts, packed } = packPart(part, this.date, this.offset);
    await this.append(localHeader(facts));
    await this.append(packed);
    this.central.push(centralEntry(facts));
  }

  /** A deflated part whose text `chunks` yields piece by piece (as text or UTF-8 bytes); only a piece at a time is held. */
  async addStream(name: string, chunks: AsyncIterable<string | Buffer>): Promise<void> {
    const facts: EntryFacts = { name: Buffer.from(name, 'utf8'), method: 8, date: this.date, crc: 0, packedSize: 0, size: 0, offset: this.offset };
    await this.append(localHeader(facts));
    const deflate = createDeflateRaw({ level: LEVEL });
    const packed: Buffer[] = [];
    deflate.on('data', (b: Buffer) => packed.push(b));
    const failed = new Promise<never>((_, reject) => deflate.once('error', reject));
    failed.catch(() => {}); // met where it is awaited
    const ended = new Promise<void>((resolve) => deflate.once('end', resolve));
    // What zlib gave back since the last piece, in one write (it hands out 16 KiB at a time).
    const drain = async () => {
      const b = Buffer.concat(packed.splice(0));
      if (!b.length) return;
      await this.append(b);
      facts.packedSize += b.length;
    };
    for await (const text of chunks) {
      const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      facts.crc = crc32(raw, facts.crc);
      facts.size += raw.length;
      // Wait for zlib to take the piece, then write what it gave back.
      await Promise.race([new Promise<void>((resolve) => deflate.write(raw, () => resolve())), failed]);
      await drain();
    }
    deflate.end();
    await Promise.race([ended, failed]);
    await drain();
    await this.file.write(localHeader(facts), 0, 30, facts.offset);
    this.central.push(centralEntry(facts));
  }

  /** Writes the central directory and closes the file. */
  async close(): Promise<void> {
    const directory = Buffer.concat(this.central);
    const at = this.offset;
    await this.append(directory);
    await this.append(endOfDirectory(this.central.length, directory.length, at));
    await this.file.close();
  }

  /** Closes the file without finishing it (after a failure). */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => {});
  }

  private async append(data: Buffer): Promise<void> {
    await this.file.write(data, 0, data.length, this.offset);
    this.offset += data.length;
  }
}
