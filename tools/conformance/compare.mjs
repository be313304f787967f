/**
 * Cell-by-cell comparison of xueji's `inspect --cells` lines with reference.py's, normalising what is
 * representation rather than content. Each normalisation says why.
 */

/** openpyxl keeps OOXML's _xHHHH_ escapes as written (it only deletes "x005F_"); Excel decodes them. */
const decodeEscapes = (s) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));

/** Shortest text that reads back as the same double, as Excel shows a number (10.2, not 10.199999999999999). */
const isShortest = (text) => String(Number(text)) === text || String(Number(text)).toUpperCase() === text.toUpperCase();

/** Days from 1899-12-30 (1900 system) or 1904-01-01 (1904 system) for an ISO date-time written as text (t="d"). */
function isoSerial(text, epoch1904) {
  const t = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(t)) return NaN;
  return (t - (epoch1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30))) / 86_400_000;
}

export function compareCells(ours, reference) {
  const key = (c) => `${c.sheet}\u0000${c.row}\u0000${c.col}`;
  const where = (c) => `${c.sheet}!R${c.row}C${c.col + 1}`;
  const mine = new Map(ours.map((c) => [key(c), c]));
  const diffs = [];
  for (const ref of reference) {
    const k = key(ref);
    const cell = mine.get(k);
    mine.delete(k);
    if (!cell) {
      diffs.push({ where: where(ref), kind: 'missing', ours: null, reference: ref.value });
      continue;
    }
    const kind = differs(cell.value, ref);
    if (kind) diffs.push({ where: where(ref), kind, ours: cell.value, reference: ref.value });
  }
  // openpyxl drops boolean/number cells whose <v> is present but empty, and so do we; anything left is ours alone.
  for (const cell of mine.values()) diffs.push({ where: where(cell), kind: 'extra', ours: cell.value, reference: null });
  return diffs;
}

/** The kind of difference between our text and the reference's cell, or undefined when they agree. */
function differs(text, ref) {
  switch (ref.kind) {
    case 's':
      return text === ref.value || text === decodeEscapes(ref.value) ? undefined : 'text';
    case 'b':
      return text === ref.value ? undefined : 'boolean';
    case 'n': {
      const n = Number(text);
      if (text.trim() === '' || n !== ref.value) return 'number';
      return isShortest(text) ? undefined : 'number-text';
    }
    case 'd': {
      // openpyxl turns a date-formatted number into a datetime (microsecond resolution): compared as the
      // serial it gives back, to within a millisecond. A t="d" cell holds ISO text, which we return as is.
      let n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) n = isoSerial(text, false);
      return Math.abs(n - ref.value) <= 1e-8 ? undefined : 'date';
    }
    default:
      return 'unknown-kind';
  }
}
