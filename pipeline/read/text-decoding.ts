/**
 * Picks the encoding of a text file: a BOM wins; else UTF-16 when every other byte of the head is
 * NUL; else strict UTF-8 if the first non-ASCII bytes decode cleanly, wherever in the file they lie
 * (the caller finds them); else GB18030 (a superset of GBK: decoding as "gbk" would lose characters).
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export function normaliseEncodingName(name: string): TextEncodingName | undefined {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'utf8') return 'utf-8';
  if (n === 'utf16le' || n === 'utf16') return 'utf-16le';
  if (n === 'utf16be') return 'utf-16be';
  if (n === 'gbk' || n === 'gb2312' || n === 'gb18030' || n === 'cp936') return 'gb18030';
  return undefined;
}

/** The encoding a file's first bytes declare (a BOM) or show (UTF-16's NULs); undefined when they do not say. */
export function declaredEncoding(head: Buffer): { encoding: TextEncodingName; bomLength: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without a BOM: text in the Basic Latin and CJK ranges has a NUL in about every other byte.
  const pairs = Math.min(head.length >> 1, 2048);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  if (pairs >= 8 && oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs >= 8 && evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  return undefined;
}

/** UTF-8 when `bytes` (which start at a file's first non-ASCII byte) decode as strict UTF-8, else GB18030. */
export function multibyteEncoding(bytes: Buffer): 'utf-8' | 'gb18030' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The encoding of text held whole (or of its head): a BOM or UTF-16 says, else strict UTF-8, else GB18030. */
export function bufferEncoding(bytes: Buffer): { encoding: TextEncodingName; bomLength: number } {
  return declaredEncoding(bytes) ?? { encoding: multibyteEncoding(bytes), bomLength: 0 };
}

/** A streaming decoder; invalid bytes come out as U+FFFD so the row holding them can be rejected. */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

export function createChunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030');
    return { write: (c) => d.write(c), end: () => d.end() ?? '' };
  }
  if (encoding === 'utf-16be') {
    // TextDecoder has no streaming utf-16be in every Node build; iconv-lite does.
    const d = iconv.getDecoder('utf-16be');
    return { write: (c) => d.write(c), end: () => d.end() ?? '' };
  }
  const d = new TextDecoder(encoding);
  return { write: (c) => d.decode(c, { stream: true }), end: () => d.decode() };
}

/** 'utf-16le' / 'utf-16be' when the bytes open with that byte-order mark. */
export function utf16Bom(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * An XML part's bytes as UTF-8. Parts are UTF-8 nearly always; one saved as UTF-16 (its BOM says so,
 * as XML requires) is converted, whole or chunk by chunk as it streams.
 */
export function partAsUtf8(bytes: Buffer): Buffer {
  const encoding = utf16Bom(bytes);
  if (!encoding) return bytes;
  const decoder = createChunkDecoder(encoding);
  return Buffer.from(decoder.write(bytes) + decoder.end(), 'utf8');
}

export async function* partChunksAsUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let decoder: ChunkDecoder | undefined;
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const encoding = utf16Bom(chunk);
      if (encoding) decoder = createChunkDecoder(encoding);
    }
    yield decoder ? Buffer.from(decoder.write(chunk), 'utf8') : chunk;
  }
  if (decoder) yield Buffer.from(decoder.end(), 'utf8');
}
