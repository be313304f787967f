#!/usr/bin/python3
"""Reference reading of one workbook for tools/conformance/run.mjs: openpyxl's read-only parser.

Prints one JSON line per non-empty cell: {"sheet", "row" (1-based), "col" (0-based), "kind", "value"}
with kind "s" (text), "n" (number), "d" (a date-formatted number, given back as the serial in the
workbook's own date system) or "b" (boolean, as TRUE/FALSE). Error cells (#N/A) and empty strings
are left out, as xueji reads them as empty. Exit 3 with one line on stderr when openpyxl cannot read it.
"""
import datetime
import json
import sys
import warnings

from openpyxl import load_workbook
from openpyxl.utils.datetime import to_excel


def cell_value(cell, epoch):
    value = cell.value
    if value is None or cell.data_type == 'e':
        return None
    if isinstance(value, bool):
        return 'b', 'TRUE' if value else 'FALSE'
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time())
        return 'd', to_excel(value, epoch)
    if isinstance(value, (int, float)):
        # Python ints are exact; the cell holds an IEEE double (xsd:double), which is what we compare.
        return 'n', float(value)
    if value == '':
        return None
    return 's', value


def main(path):
    warnings.simplefilter('ignore')
    book = load_workbook(path, read_only=True, data_only=True)
    out = sys.stdout
    for sheet in book.worksheets:
        # A wrong <dimension> makes openpyxl's read-only mode stop at the stated range; every other
        # reader (Excel too) reads all the rows, so the stated range is dropped.
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            for cell in row:
                if not hasattr(cell, 'row'):
                    continue  # EmptyCell, a gap openpyxl fills in
                got = cell_value(cell, book.epoch)
                if got is None:
                    continue
                kind, value = got
                out.write(json.dumps({'sheet': sheet.title, 'row': cell.row, 'col': cell.column - 1, 'kind': kind, 'value': value}, ensure_ascii=False))
                out.write('\n')


if __name__ == '__main__':
    try:
        main(sys.argv[1])
    except Exception as e:  # noqa: BLE001 - any failure of the reference is reported, not raised
        sys.stderr.write(f'{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ""}\n')
        sys.exit(3)
