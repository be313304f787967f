/**
 * Folder and file names made from data (school names, 学区): a safe character set on Windows and
 * Linux, no reserved device names, no trailing dot or space, capped in UTF-8 bytes, and unique.
 */
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$/i;

export const MAX_NAME_BYTES = 120;

export function safeName(text: string, maxBytes = MAX_NAME_BYTES): string {
  let s = text.normalize('NFC').replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  s = s.replace(/^\.+/, '_');
  // Cap in bytes without splitting a character.
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  out = out.replace(/[. ]+$/, '');
  if (out === '' || out === '.' || out === '..') out = '_';
  if (RESERVED.test(out)) out = `_${out}`;
  return out;
}

/** Hands out safe names, distinct even when two inputs reduce to the same text (case-insensitively, for Windows). */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(text: string, maxBytes = MAX_NAME_BYTES): string {
    const base = safeName(text, maxBytes - 8);
    let name = base;
    for (let i = 2; this.taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}
