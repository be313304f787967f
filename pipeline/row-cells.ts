/**
 * One input row as the loader sees it. The xlsx reader hands out a view over the sheet's bytes that
 * decodes a cell only when asked (columns nobody maps are never turned into strings); CSV rows and
 * the general XML path wrap a plain array. A row is valid only during the callback that receives it.
 */
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
}

/** The row's texts as an array (header matching, tests). */
export function rowTexts(row: RowCells): string[] {
  return Array.from({ length: row.length }, (_, i) => row.text(i));
}

export function rowNumbers(row: RowCells): boolean[] {
  return Array.from({ length: row.length }, (_, i) => row.isNumber(i));
}
