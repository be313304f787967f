#!/usr/bin/python3
"""Reference reading of one workbook for tools/conformance/run.mjs: openpyxl's read-only parser.

Prints one JSON line per non-empty cell: {"sheet", "row" (1-based), "col" (0-based), "kind", "value"}
with kind "s" (text), "n" (number), "d" (a date-formatted number, given back as the serial in the
workbook's own date system) or "b" (boolean, as TRUE/FALSE). Error cells (#N/A) and empty strings
are left out, as xueji reads them as empty. Exit 3 with one line on stderr when openpyxl cannot read it.
"""
import datetime
import io
import json
import sys
import warnings
import zipfile

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


# What openpyxl cannot read although the file is sound is given to it in a form it reads, part by
# part, changing nothing else: names stored with '\\' (Windows writers; zip and OPC say '/'), and the
# namespaces of Strict OOXML and of Office 2007 beta 2 (openpyxl knows only the transitional ones:
# it finds the sheets of such a workbook but none of their cells), beta's <sstItem> being today's <si>.
NAMESPACES = [
    (b'http://purl.oclc.org/ooxml/spreadsheetml/main', b'http://schemas.openxmlformats.org/spreadsheetml/2006/main'),
    (b'http://purl.oclc.org/ooxml/officeDocument/relationships', b'http://schemas.openxmlformats.org/officeDocument/2006/relationships'),
    (b'http://purl.oclc.org/ooxml/drawingml/main', b'http://schemas.openxmlformats.org/drawingml/2006/main'),
    (b'http://schemas.microsoft.com/office/excel/2006/2', b'http://schemas.openxmlformats.org/spreadsheetml/2006/main'),
]


def readable_copy(path):
    """The workbook itself, or an in-memory copy openpyxl can read (see above)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            contents = {name: z.read(name) for name in names} if any(
                '\\' in n or any(ns in z.read(n)[:4096] for ns, _ in NAMESPACES) for n in names if n.endswith(('.xml', '.rels'))
            ) else None
    except Exception:  # noqa: BLE001 - a broken zip is openpyxl's to report
        return path
    if contents is None:
        return path
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w') as z:
        for name, data in contents.items():
            if name.endswith(('.xml', '.rels')):
                for old, new in NAMESPACES:
                    data = data.replace(old, new)
                data = data.replace(b'<sstItem>', b'<si>').replace(b'</sstItem>', b'</si>')
            z.writestr(name.replace('\\', '/'), data)
    out.seek(0)
    return out


def main(path):
    warnings.simplefilter('ignore')
    book = load_workbook(readable_copy(path), read_only=True, data_only=True)
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
