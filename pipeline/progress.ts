/**
 * Stage lines on stderr. On a TTY the current stage's line is redrawn in place (at most every
 * 200 ms); otherwise each stage prints one plain line when it ends.
 */
export class Progress {
  private lastDraw = 0;
  private current = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
  ) {}

  update(text: string): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.current = text;
    this.write(`\r\x1b[2K${text}`);
  }

  done(text: string): void {
    if (this.tty && this.current) this.write('\r\x1b[2K');
    this.current = '';
    this.write(`${text}\n`);
  }
}
