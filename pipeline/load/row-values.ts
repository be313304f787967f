/** Turns the cells of one input row into stored values, field by field (see store.fieldColumns). */
import type { FieldSpec } from './input-tables.js';
import {
  cleanText, isKnownStatus, normaliseCode, normaliseCount, normaliseDate, normaliseGrade, normaliseId, normalisePhone, normaliseSex, normaliseStatus,
} from './normalize.js';
import type { StoreValue } from './store-columns.js';

export interface CellContext {
  date1904: boolean;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

/** A field's `_raw` value: the text as given when normalisation could not read it, else NULL. */
const unreadable = (value: unknown, text: string): string | null => (value === null ? orNull(cleanText(text)) : null);

/**
 * Appends the field's stored values to `out` (see store-columns.ts fieldColumns); a missing column
 * gives NULLs. A date, grade, sex or status normalisation cannot read also gives its text (`_raw`).
 */
export function pushFieldValues(out: StoreValue[], field: FieldSpec, raw: string | undefined, numeric: boolean, ctx: CellContext): void {
  const text = raw ?? '';
  switch (field.kind) {
    case 'id': {
      const id = normaliseId(text, numeric);
      out.push(orNull(id.value), id.excelDamaged);
      return;
    }
    case 'date': {
      const date = normaliseDate(text, numeric, ctx.date1904);
      out.push(date, unreadable(date, text));
      return;
    }
    case 'grade': {
      const grade = normaliseGrade(text);
      out.push(grade, unreadable(grade, text));
      return;
    }
    case 'count':
      out.push(normaliseCount(text));
      return;
    case 'code':
      out.push(orNull(normaliseCode(text, numeric)));
      return;
    case 'sex': {
      const sex = normaliseSex(text);
      out.push(sex, unreadable(sex, text));
      return;
    }
    case 'status': {
      const status = orNull(normaliseStatus(text));
      out.push(status, status === null || isKnownStatus(status) ? null : status);
      return;
    }
    case 'phone':
      out.push(orNull(normalisePhone(text)));
      return;
    case 'text':
      out.push(orNull(cleanText(text)));
      return;
  }
}
