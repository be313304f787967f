/**
 * Picks the encoding of a text file: a BOM wins; else strict UTF-8 if the opening bytes decode
 * cleanly; else GB18030 (a superset of GBK: decoding as "gbk" would lose characters).
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

export function detectEncoding(head: Buffer): { encoding: TextEncodingName; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
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
