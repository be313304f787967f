/**
 * Minimal zip reader: parses the central directory (so parts can be read in any order,
 * whatever order the writer stored them in) and streams one entry through inflate with a
 * cap on decompressed bytes. Only what .xlsx needs: stored and deflated entries, zip64.
 * Part names are found case-insensitively, as OPC says; two entries of one name are refused.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export class ZipArchive {
  private constructor(
    readonly path: string,
    /** By part name as stored ('\\' read as '/', no leading '/'), and by its lower case. */
    readonly entries: Map<string, ZipEntry>,
    private readonly folded: Map<string, ZipEntry>,
  ) {}

  static async open(path: string): Promise<ZipArchive> {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      const entries = await readCentralDirectory(fh, size);
      const folded = new Map<string, ZipEntry>();
      for (const [name, entry] of entries) folded.set(name.toLowerCase(), entry);
      return new ZipArchive(path, entries, folded);
    } finally {
      await fh.close();
    }
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** The entry of part `name`, matched case-insensitively when not stored exactly so. */
  private find(name: string): ZipEntry | undefined {
    return this.entries.get(name) ?? this.folded.get(name.toLowerCase());
  }

  /** Yields the entry's decompressed bytes; throws once more than maxBytes come out. */
  async *stream(name: string, maxBytes: number): AsyncGenerator<Buffer> {
    const entry = this.find(name);
    if (!entry) throw new ZipFormatError(`缺少部件 ${name}`);
    if (entry.flags & 1) throw new ZipFormatError('文件已加密');
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`不支持的压缩方式 ${entry.method}`);
    const dataStart = await localDataOffset(this.path, entry);
    if (entry.compressedSize === 0) return;
    const raw = createReadStream(this.path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 1 << 20 });
    const source = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
    if (source !== raw) raw.on('error', (e) => source.destroy(e));
    let total = 0;
    // Real sheet XML deflates about 10:1; past BOMB_MIN_BYTES a far higher ratio is a crafted bomb.
    const bombAt = Math.max(BOMB_MIN_BYTES, entry.compressedSize * BOMB_RATIO);
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) throw new ZipCapError(name, maxBytes);
        if (total > bombAt) throw new ZipCapError(name, bombAt, true);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof ZipCapError) throw e;
      throw new ZipFormatError(`部件 ${name} 无法解压（文件可能已损坏或被截断）`);
    } finally {
      raw.destroy();
      source.destroy();
    }
  }

  async readBytes(name: string, maxBytes: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.stream(name, maxBytes)) parts.push(chunk);
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}

const BOMB_MIN_BYTES = 64 * 1024 * 1024;
// Real xlsx parts deflate 5–20:1.
const BOMB_RATIO = 100;

export class ZipCapError extends Error {
  constructor(readonly part: string, readonly cap: number, ratio = false) {
    super(ratio
      ? `部件 ${part} 的压缩比超过 ${BOMB_RATIO}:1（解压已超过 ${Math.round(cap / 1048576)} MB），疑似压缩炸弹，已拒绝`
      : `部件 ${part} 解压后超过 ${Math.round(cap / 1048576)} MB 上限（疑似压缩炸弹），已拒绝`);
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

async function readCentralDirectory(fh: FileHandle, fileSize: number): Promise<Map<string, ZipEntry>> {
  const tailLength = Math.min(fileSize, 22 + 65535 + 20);
  const tail = await readAt(fh, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
  }
  if (eocd < 0) throw new ZipFormatError('zip 结构不完整（文件被截断或不是 xlsx）');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff || cdSize === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw new ZipFormatError('zip64 目录缺失');
    const z64 = await readAt(fh, Number(tail.readBigUInt64LE(loc + 8)), 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipFormatError('zip64 目录损坏');
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > fileSize || cdSize > 64 * 1048576) throw new ZipFormatError('zip 目录位置超出文件（文件被截断）');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  const folded = new Set<string>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipFormatError('zip 目录损坏');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    // zip64 extra field: the 64-bit values appear in this order, only for fields that overflowed.
    let x = p + 46 + nameLength;
    const extraEnd = x + extraLength;
    while (x + 4 <= extraEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 1) {
        let q = x + 4;
        if (size === 0xffffffff) { size = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (localHeaderOffset === 0xffffffff) { localHeaderOffset = Number(cd.readBigUInt64LE(q)); }
      }
      x += 4 + len;
    }
    const part = name.replace(/\\/g, '/').replace(/^\//, '');
    // A reader that takes one copy and Excel the other would see different data; OPC names ignore case.
    if (folded.has(part.toLowerCase()) && !part.endsWith('/')) throw new ZipFormatError(`含有两个同名部件 ${part}（不同程序可能读出不同的数据），已拒绝`);
    folded.add(part.toLowerCase());
    entries.set(part, { name, method, flags, compressedSize, size, localHeaderOffset });
    p = extraEnd + commentLength;
  }
  return entries;
}

async function localDataOffset(path: string, entry: ZipEntry): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const header = await readAt(fh, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError(`部件 ${entry.name} 的位置损坏（文件被截断）`);
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await fh.close();
  }
}
