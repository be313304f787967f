/** Text as OOXML stores it: XML entities, CDATA, _xHHHH_ escapes, rich-text runs and phonetic runs. */
import { decodeEntities } from './xml-scanner.js';

/**
 * Text as written between tags → the text it stands for: line ends as XML 1.0 §2.11 reads them
 * (CR LF and a lone CR are LF; a CR written as &#13; or _x000D_ stays), CDATA, entities, and the
 * _xHHHH_ escapes OOXML uses for characters XML cannot hold.
 */
export function decodeOoxml(raw: string): string {
  raw = xmlLineEnds(raw);
  if (raw.indexOf('<![CDATA[') >= 0) return raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_, cdata: string | undefined, plain: string | undefined) => cdata ?? decodeOoxml(plain ?? ''));
  return unescapeOoxml(raw.indexOf('&') < 0 ? raw : decodeEntities(raw));
}

/** CR LF and lone CR as LF, as an XML parser delivers them (for raw text not yet through decodeOoxml). */
export const xmlLineEnds = (raw: string): string => (raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));

/** _x000D_ → the character it stands for, in text whose XML entities are already decoded. */
export function unescapeOoxml(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Text between tags as the XML scanner hands it: CDATA content is already decoded (line ends still to fold); anything else needs entities and _xHHHH_ decoded. */
export const scannedText = (raw: string, decoded: boolean): string => (decoded ? unescapeOoxml(xmlLineEnds(raw)) : decodeOoxml(raw));

/** Text of a string item or inline string (<t>…</t>, or runs <r><t>…</t></r>), phonetic runs (<rPh>) left out. */
export function richText(content: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const t = content.indexOf('<t', i);
    if (t < 0) return out;
    const after = content.charCodeAt(t + 2);
    if (after !== 62 && after !== 32) { i = t + 2; continue; }
    const ph = content.lastIndexOf('<rPh', t);
    if (ph >= 0 && content.lastIndexOf('</rPh>', t) < ph) { i = content.indexOf('</rPh>', t) + 6; if (i < 6) return out; continue; }
    const start = content.indexOf('>', t) + 1;
    if (content.charCodeAt(start - 2) === 47) { i = start; continue; }
    const end = content.indexOf('</t>', start);
    out += decodeOoxml(content.slice(start, end < 0 ? content.length : end));
    i = end < 0 ? content.length : end + 4;
  }
}

/**
 * Where text bytes stop being plain: the first <, &, _x or CR (markup, an entity, an _xHHHH_ escape,
 * a line end XML reads as LF) between `from` and `end`, or `end` when there is none (the bytes are
 * then the text as is).
 */
export function markupAt(data: Buffer, from: number, end: number): number {
  for (let k = from; k < end; k++) {
    // One table load per byte rather than four compares (this runs over every shared string once).
    if (NOT_PLAIN[data[k]] === 1 && (data[k] !== 95 || data[k + 1] === 120)) return k;
  }
  return end;
}

/** The bytes that may end plain text: < & CR, and _ (when x follows). */
const NOT_PLAIN = new Uint8Array(256);
for (const b of [60, 38, 13, 95]) NOT_PLAIN[b] = 1;
