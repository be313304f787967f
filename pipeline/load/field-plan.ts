/**
 * How one field's stored values are made from a file's cells, fixed once the header is known, and
 * the writing of them into a bulk-load line. Three ways, cheapest first: a value memoised for the
 * cell's shared string; the cell's bytes copied as they are when they already are the normal form
 * (plain-bytes.ts); otherwise the cell's text through normalize.ts.
 */
import { encodeValues, type BulkLineWriter, type EncodedValues } from './bulk-csv.js';
import type { FieldKind, FieldSpec } from './input-tables.js';
import { isPlainCode, isPlainId, isPlainIsoDate, isPlainMobile, isPlainText } from './plain-bytes.js';
import type { CellBytes, RowCells } from '../read/row-cells.js';
import { pushFieldValues, type CellContext } from './row-values.js';
import type { StoreValue } from './store-columns.js';

/**
 * A field's encoded values per shared-string index: a column whose values repeat (school, grade,
 * status) is normalised once per distinct text. A small direct-mapped table, not a Map: a lookup is
 * an array read, a collision only costs a recomputation. Gives up on a column of distinct values
 * (names, IDs) after a trial.
 */
class ValueMemo {
  private readonly keys = new Int32Array(MEMO_SLOTS).fill(-1);
  private readonly values: (EncodedValues | undefined)[] = new Array(MEMO_SLOTS);
  private misses = 0;
  private hits = 0;
  enabled = true;

  get(key: number): EncodedValues | undefined {
    const slot = key & (MEMO_SLOTS - 1);
    if (this.keys[slot] === key) {
      this.hits++;
      return this.values[slot];
    }
    if (++this.misses === MEMO_TRIAL && this.hits < this.misses) this.enabled = false;
    return undefined;
  }

  set(key: number, values: EncodedValues): void {
    const slot = key & (MEMO_SLOTS - 1);
    this.keys[slot] = key;
    this.values[slot] = values;
  }
}

/** The excel_damaged value of an ID copied as it is, and the (NULL) raw text of a date copied as it is. */
const NOT_DAMAGED = encodeValues([false]);
const READABLE = encodeValues([null]);

const MEMO_SLOTS = 8192;
const MEMO_TRIAL = 20_000;

/**
 * Kinds whose normal form is often the cell's text itself, with the byte check that says so. The
 * stored values are then [text], or [text, false] for an ID, or [text, NULL] for a date (read: no raw text).
 */
const PLAIN: Partial<Record<FieldKind, (data: Buffer, start: number, end: number) => boolean>> = {
  text: isPlainText,
  code: isPlainCode,
  id: isPlainId,
  phone: isPlainMobile,
  date: isPlainIsoDate,
};

export interface FieldPlan {
  readonly field: FieldSpec;
  /** Cell index, or -1 when the file has no such column. */
  readonly col: number;
  /** The field's values for an absent column or a blank cell. */
  readonly absent: EncodedValues;
  readonly memo: ValueMemo | undefined;
  readonly plain: ((data: Buffer, start: number, end: number) => boolean) | undefined;
}

export function planField(field: FieldSpec, col: number, ctx: CellContext): FieldPlan {
  const absent: StoreValue[] = [];
  pushFieldValues(absent, field, undefined, false, ctx);
  const plain = PLAIN[field.kind];
  // A kind with a byte fast path mostly takes it; the memo's lookups (a cache miss each) would only cost.
  return { field, col, absent: encodeValues(absent), memo: col >= 0 && !plain ? new ValueMemo() : undefined, plain };
}

/**
 * Writes the field's values for this row into `out`; when `strict`, refuses (false) a cell holding
 * undecodable bytes. `scratch` receives cell positions (one per loader, to make no object per cell).
 */
export function writeField(out: BulkLineWriter, plan: FieldPlan, row: RowCells, ctx: CellContext, scratch: CellBytes, strict: boolean): boolean {
  if (plan.col < 0) {
    out.values(plan.absent);
    return true;
  }
  const key = plan.memo?.enabled ? row.sharedIndex(plan.col) : -1;
  if (key >= 0) {
    const known = plan.memo!.get(key);
    if (known) {
      out.values(known);
      return true;
    }
  }
  if (row.bytes(plan.col, scratch)) {
    const { data, start, end } = scratch;
    if (start === end) {
      out.values(plan.absent);
      return true;
    }
    if (plan.plain?.(data, start, end)) {
      out.bytes(data, start, end);
      if (plan.field.kind === 'id') out.values(NOT_DAMAGED);
      else if (plan.field.kind === 'date') out.values(READABLE);
      return true;
    }
  }
  const text = row.text(plan.col);
  if (strict && text.indexOf('\uFFFD') >= 0) return false;
  const values: StoreValue[] = [];
  pushFieldValues(values, plan.field, text, row.isNumber(plan.col), ctx);
  if (key >= 0) {
    const encoded = encodeValues(values);
    plan.memo!.set(key, encoded);
    out.values(encoded);
  } else {
    for (const v of values) out.value(v);
  }
  return true;
}
