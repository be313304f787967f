/**
 * The one error type meant for users: its message is a single line that names the file
 * (and row, column or YAML key where known) and the reason. Everything else is a bug.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'CliError';
  }
}

/** `file: 第N行 X列: reason`, leaving out the parts that are not known. */
export function locate(file: string, reason: string, row?: number, column?: string): string {
  const where = [file];
  if (row !== undefined) where.push(`第${row}行`);
  if (column !== undefined && column !== '') where.push(`${column}列`);
  return `${where.join(' ')}: ${reason}`;
}
