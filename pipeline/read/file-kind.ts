/** Says what a file really is from its first bytes, for the error a user sees when it is not what its name claims. */
import { open } from 'node:fs/promises';

/** The first bytes of a file (4 KiB), enough to tell what it is and how its text is encoded. */
export async function readHead(path: string, length = 4096): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await fh.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export type FileKind = 'empty' | 'zip' | 'ole' | 'html' | 'xml' | 'text' | 'binary';

export function sniffFileKind(head: Buffer): FileKind {
  if (head.length === 0) return 'empty';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return 'zip';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole';
  const start = head.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /<(table|meta|head|body)[\s>]/.test(start)) return 'html';
  if (start.startsWith('<?xml') || start.startsWith('<')) return 'xml';
  let control = 0;
  const sample = head.subarray(0, 4096);
  for (const b of sample) if (b < 9 || (b > 13 && b < 32)) control++;
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  // A few stray control characters (a NUL, a bell) in a CSV are data to clean, not a binary file.
  return utf16 || control <= Math.max(8, sample.length * 0.05) ? 'text' : 'binary';
}

export const FILE_KIND_DESCRIPTION: Record<FileKind, string> = {
  empty: '空文件（0 字节）',
  zip: 'zip 压缩包',
  ole: '旧版 .xls 工作簿或加密的工作簿（OLE 复合文档），请在 Excel/WPS 中另存为不加密的 .xlsx',
  html: 'HTML 网页（常见于系统导出的“伪 xls”），请在 Excel/WPS 中打开后另存为 .xlsx',
  xml: 'XML 文件（如 Excel 2003 XML），请另存为 .xlsx',
  text: '文本文件（如 CSV 改名而来），请改用 .csv 扩展名',
  binary: '无法识别的二进制文件',
};
