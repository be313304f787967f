/**
 * One input row as the loader sees it. The xlsx reader hands out a view over the sheet's bytes that
 * decodes a cell only when asked (columns nobody maps are never turned into strings); CSV rows and
 * the general XML path wrap a plain array. A row is valid only during the callback that receives it.
 */
/** Where a cell's text lies as UTF-8 bytes that need no decoding (see RowCells.bytes). */
export interface CellBytes {
  data: Buffer;
  start: number;
  end: number;
}

export const emptyCellBytes = (): CellBytes => ({ data: Buffer.alloc(0), start: 0, end: 0 });

export interface RowCells {
  /** One past the last column present in the row. */
  readonly length: number;
  /** The cell's text; '' when blank or absent. */
  text(col: number): string;
  /** A number cell (an ID Excel stored as a number, a serial date). */
  isNumber(col: number): boolean;
  /**
   * The cell's shared-string index, or -1: equal indices in one file mean equal text, so a loader
   * may reuse what it computed from the text the first time.
   */
  sharedIndex(col: number): number;
  /**
   * When the cell's text is exactly a run of UTF-8 bytes (no markup, entities or escapes; a blank or
   * absent cell is an empty run) and not a number cell: points `out` at it and returns true. A loader
   * can then copy clean values without making a string. False means: ask text().
   */
  bytes(col: number, out: CellBytes): boolean;
}

export class ArrayRowCells implements RowCells {
  constructor(private cells: string[] = [], private numeric: boolean[] = []) {}

  /** Points this view at another row (one wrapper serves a whole file). */
  set(cells: string[], numeric: boolean[] = []): this {
    this.cells = cells;
    this.numeric = numeric;
    return this;
  }

  get length(): number {
    return this.cells.length;
  }

  text(col: number): string {
    return this.cells[col] ?? '';
  }

  isNumber(col: number): boolean {
    return this.numeric[col] === true;
  }

  sharedIndex(): number {
    return -1;
  }

  bytes(): boolean {
    return false;
  }
}

/** The row's texts as an array (header matching, tests). */
export function rowTexts(row: RowCells): string[] {
  return Array.from({ length: row.length }, (_, i) => row.text(i));
}

export function rowNumbers(row: RowCells): boolean[] {
  return Array.from({ length: row.length }, (_, i) => row.isNumber(i));
}

/** Whether the cell is empty or only whitespace (as String#trim sees it), without decoding it when its bytes show. */
export function isBlankCell(row: RowCells, col: number, scratch: CellBytes): boolean {
  return (row.bytes(col, scratch) ? blankBytes(scratch) : undefined) ?? row.text(col).trim() === '';
}

/** Whether the bytes are empty or only whitespace; undefined when only String#trim can tell. */
export function blankBytes(cell: CellBytes): boolean | undefined {
  const { data, start, end } = cell;
  for (let k = start; k < end; k++) {
    const b = data[k];
    if (b === 32 || (b >= 9 && b <= 13)) continue;
    // Every other character trim removes starts with C2, E1, E2, E3 or EF in UTF-8 (U+00A0, U+1680,
    // U+2000–U+205F, U+3000, U+FEFF); let trim decide those.
    return b !== 0xc2 && b !== 0xe1 && b !== 0xe2 && b !== 0xe3 && b !== 0xef ? false : undefined;
  }
  return true;
}
