/**
 * Structured log to run.log in the out dir. No timestamps, pid or hostname (two runs on the same input
 * give the same file), and by rule never a value from a row: counts, file names, row numbers, codes.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(path: string): Logger {
  return pino({ base: null, timestamp: false, level: 'info' }, pino.destination({ dest: path, sync: true }));
}
