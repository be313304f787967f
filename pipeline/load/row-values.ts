/** Turns the cells of one input row into stored values, field by field (see store.fieldColumns). */
import type { FieldSpec } from './input-tables.js';
import {
  cleanText, normaliseCode, normaliseCount, normaliseDate, normaliseGrade, normaliseId, normalisePhone, normaliseSex, normaliseStatus,
} from './normalize.js';
import type { StoreValue } from './store-columns.js';

export interface CellContext {
  date1904: boolean;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

/** Appends the field's stored values to `out`; a missing column gives NULLs. */
export function pushFieldValues(out: StoreValue[], field: FieldSpec, raw: string | undefined, numeric: boolean, ctx: CellContext): void {
  const text = raw ?? '';
  switch (field.kind) {
    case 'id': {
      const id = normaliseId(text, numeric);
      out.push(orNull(id.value), id.excelDamaged);
      return;
    }
    case 'date': {
      const cleaned = cleanText(text);
      out.push(normaliseDate(text, numeric, ctx.date1904), orNull(cleaned));
      return;
    }
    case 'grade':
      out.push(normaliseGrade(text), orNull(cleanText(text)));
      return;
    case 'count':
      out.push(normaliseCount(text));
      return;
    case 'code':
      out.push(orNull(normaliseCode(text, numeric)));
      return;
    case 'sex':
      out.push(normaliseSex(text));
      return;
    case 'status':
      out.push(orNull(normaliseStatus(text)));
      return;
    case 'phone':
      out.push(orNull(normalisePhone(text)));
      return;
    case 'text':
      out.push(orNull(cleanText(text)));
      return;
  }
}
