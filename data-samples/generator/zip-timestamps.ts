/**
 * exceljs stamps every part of an .xlsx with the time of writing; this sets them all to one fixed date
 * so that two runs on the same input give byte-identical workbooks (the reports' stampZipDates, on a file).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { stampZipDates } from '../../reports/write/zip-dates.js';

export async function fixZipTimestamps(path: string, isoDate: string): Promise<void> {
  await writeFile(path, stampZipDates(await readFile(path), isoDate));
}
