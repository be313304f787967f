/**
 * The reference point: exceljs's streaming reader over the same registry workbooks, counting rows.
 * Run as a child process by the benchmark so its memory is measured apart. Prints {rows, seconds}.
 */
import ExcelJS from 'exceljs';

let rows = 0;
const started = performance.now();
for (const file of process.argv.slice(2)) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet) if (row) rows++;
    break;
  }
}
process.stdout.write(JSON.stringify({ rows, seconds: (performance.now() - started) / 1000 }));
