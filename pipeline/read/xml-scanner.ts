/**
 * A small streaming XML tokenizer for the parts of an .xlsx. It hands out tag names and the raw
 * attribute text, and element text still entity-encoded (decode only what is used), so a sheet
 * of a million rows creates no per-node objects. DOCTYPE is refused: no entity expansion ever.
 */
export interface XmlHandler {
  /** `name` without its namespace prefix; `prefix` is that prefix ('' when none). */
  open(name: string, attrs: string, selfClosing: boolean, prefix: string): void;
  close(name: string): void;
  /** Raw text between tags; `decoded` is true for CDATA content. */
  text(raw: string, decoded: boolean): void;
}

export class XmlRefusedError extends Error {}

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;

/** For parts read without the scanner (by bytes): a DOCTYPE or entity declaration in `head` is refused. */
export function refuseDoctype(head: string): void {
  if (DOCTYPE.test(head)) throw new XmlRefusedError('含有 DOCTYPE/实体声明，已拒绝（可能是恶意构造的文件）');
}

export class XmlScanner {
  private rest = '';
  private held: string[] = [];
  private heldLength = 0;

  constructor(
    private readonly handler: XmlHandler,
    /** Longest run of text or a single tag we hold while waiting for its end. */
    private readonly maxPending = 64 * 1024 * 1024,
  ) {}

  feed(chunk: string): void {
    // A long text or tag still open: hold chunks until one can end it, rather than joining each time.
    if (this.held.length || this.rest.length > 1 << 20) {
      if (this.rest.length) { this.held.push(this.rest); this.heldLength += this.rest.length; this.rest = ''; }
      if (chunk.indexOf('<') < 0 && chunk.indexOf('>') < 0) {
        this.held.push(chunk);
        this.heldLength += chunk.length;
        if (this.heldLength > this.maxPending) throw new XmlRefusedError(`单个单元格或标记超过 ${Math.round(this.maxPending / 1048576)} MB 上限`);
        return;
      }
      chunk = this.held.join('') + chunk;
      this.held = [];
      this.heldLength = 0;
    }
    const s = this.rest.length ? this.rest + chunk : chunk;
    const h = this.handler;
    let i = 0;
    const n = s.length;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) break;
      if (lt > i) h.text(s.slice(i, lt), false);
      i = lt;
      const next = s.charCodeAt(lt + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */) {
        const end = this.special(s, lt);
        if (end < 0) break;
        i = end;
        continue;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) break;
      if (next === 47 /* / */) {
        h.close(localName(s.slice(lt + 2, gt).trim()));
      } else {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const body = s.slice(lt + 1, selfClosing ? gt - 1 : gt);
        let sp = 0;
        while (sp < body.length && body.charCodeAt(sp) > 32) sp++;
        const qname = body.slice(0, sp);
        const colon = qname.indexOf(':');
        h.open(colon < 0 ? qname : qname.slice(colon + 1), body.slice(sp), selfClosing, colon < 0 ? '' : qname.slice(0, colon));
      }
      i = gt + 1;
    }
    this.rest = i < n ? s.slice(i) : '';
    if (this.rest.length > this.maxPending) {
      throw new XmlRefusedError(`单个单元格或标记超过 ${Math.round(this.maxPending / 1048576)} MB 上限`);
    }
  }

  end(): void {
    if (this.rest.trim().length) throw new XmlRefusedError('XML 不完整（文件被截断）');
    this.rest = '';
  }

  /** <?...?>, <!--...-->, <![CDATA[...]]>, <!DOCTYPE: returns the index after it, or -1 if incomplete. */
  private special(s: string, lt: number): number {
    if (s.startsWith('<?', lt)) {
      const e = s.indexOf('?>', lt + 2);
      return e < 0 ? -1 : e + 2;
    }
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      return e < 0 ? -1 : e + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt + 9);
      if (e < 0) return -1;
      this.handler.text(s.slice(lt + 9, e), true);
      return e + 3;
    }
    if (s.length - lt < 9) return -1;
    throw new XmlRefusedError('含有 DOCTYPE/实体声明，已拒绝（可能是恶意构造的文件）');
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Value of attribute `key` in a raw attribute string, or undefined. */
export function attr(attrs: string, key: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = attrs.indexOf(key, from);
    if (at < 0) return undefined;
    from = at + key.length;
    const before = at === 0 ? 32 : attrs.charCodeAt(at - 1);
    if (before > 32) continue;
    let p = from;
    while (attrs.charCodeAt(p) <= 32) p++;
    if (attrs.charCodeAt(p) !== 61 /* = */) continue;
    p++;
    while (attrs.charCodeAt(p) <= 32) p++;
    const quote = attrs[p];
    if (quote !== '"' && quote !== "'") return undefined;
    const end = attrs.indexOf(quote, p + 1);
    if (end < 0) return undefined;
    return decodeEntities(attrs.slice(p + 1, end));
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[body] ?? m;
  });
}
