/**
 * The general path through a worksheet, for sheets written with namespace prefixes (<x:row>): a state
 * machine over XmlScanner's events, <row> → <c t=..> → <v>/<is><t>, emitting each row at </row>. It
 * reads what the byte fast path (sheet-rows.ts) reads, the same way: text as cellValue gives it,
 * shared-string references checked by SharedReferences, the same row and column caps.
 */
import { scannedText } from './ooxml-text.js';
import { ArrayRowCells } from './row-cells.js';
import { cellValue, columnOf } from './sheet-cells.js';
import { SheetLimitError, type SheetRowLimits, type SheetRowSink } from './sheet-rows.js';
import { ArraySharedStrings, SharedReferences, type SharedStrings } from './shared-strings.js';
import { attr, type XmlHandler } from './xml-scanner.js';

export class XmlSheetRows implements XmlHandler {
  private cells: string[] = [];
  private numeric: boolean[] = [];
  private rowNumber = 0;
  private rows = 0;
  private col = -1;
  private cellsInRow = 0;
  private type = '';
  private value = '';
  private capture: 'v' | 't' | '' = '';
  private inInline = false;
  private phoneticDepth = 0;
  private readonly view = new ArrayRowCells();
  private readonly shared: SharedStrings;
  private readonly refs: SharedReferences;

  /** `shared` undefined: the workbook has no shared-strings table. */
  constructor(
    shared: SharedStrings | undefined,
    private readonly onRow: SheetRowSink,
    private readonly limits: SheetRowLimits,
  ) {
    this.shared = shared ?? new ArraySharedStrings([]);
    this.refs = new SharedReferences(shared, limits);
  }

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        const r = attr(attrs, 'r');
        this.rowNumber = r ? Number(r) : this.rowNumber + 1;
        if (++this.rows > this.limits.maxRows || this.rowNumber > this.limits.maxRows) {
          throw new SheetLimitError(`超过 ${this.limits.maxRows.toLocaleString('en-US')} 行上限`);
        }
        this.cells = [];
        this.numeric = [];
        this.col = -1;
        this.cellsInRow = 0;
        this.refs.beginRow(this.rowNumber);
        if (selfClosing) this.close('row');
        break;
      }
      case 'c': {
        const ref = attr(attrs, 'r');
        this.col = ref ? columnOf(ref) : this.col + 1;
        if (this.col >= this.limits.maxColumns || this.col < 0) throw new SheetLimitError(`第${this.rowNumber}行 列号 ${ref ?? ''} 超出 ${this.limits.maxColumns} 列上限`);
        if (++this.cellsInRow > this.limits.maxColumns) throw new SheetLimitError(`第${this.rowNumber}行 单元格超过 ${this.limits.maxColumns} 个上限`);
        this.type = attr(attrs, 't') ?? 'n';
        this.value = '';
        if (selfClosing) this.close('c');
        break;
      }
      case 'v':
        if (!selfClosing) this.capture = 'v';
        break;
      case 'is':
        this.inInline = !selfClosing;
        break;
      case 'rPh':
        if (!selfClosing) this.phoneticDepth++;
        break;
      case 't':
        if (this.inInline && this.phoneticDepth === 0 && !selfClosing) this.capture = 't';
        break;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = '';
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.phoneticDepth--;
        break;
      case 'c':
        this.finishCell();
        break;
      case 'row':
        this.onRow(this.view.set(this.cells, this.numeric), this.rowNumber, this.refs.problem);
        this.cells = [];
        this.numeric = [];
        break;
    }
  }

  text(raw: string, decoded: boolean): void {
    if (this.capture === '') return;
    this.value += scannedText(raw, decoded);
  }

  private finishCell(): void {
    if (this.type === 's' && this.value !== '') {
      const index = Number(this.value);
      this.refs.refer(Number.isInteger(index) ? index : -1, this.col);
    }
    const { text, isNumber } = cellValue(this.type, this.value, this.shared);
    if (this.type === 's') this.refs.handOut(text.length);
    while (this.cells.length < this.col) { this.cells.push(''); this.numeric.push(false); }
    this.cells[this.col] = text;
    this.numeric[this.col] = isNumber;
  }
}
