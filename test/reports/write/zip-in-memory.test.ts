import { describe, expect, it } from 'vitest';
import { unzipParts, zipEntries } from '../../../reports/write/zip-in-memory.js';
import { stampZipDates } from '../../../reports/write/zip-dates.js';
import { zipParts } from '../../../reports/write/zip-writer.js';

describe('a zip held in memory', () => {
  const parts = [
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'word/document.xml', data: `<w:document>${'<w:p>学籍</w:p>'.repeat(2000)}</w:document>` },
    { name: 'docProps/空.xml', data: '' },
  ];

  it('gives back every part, stored or deflated, in order', () => {
    const zip = zipParts(parts, '2025-10-28');
    // the long part is deflated, the short ones stored
    expect(zip.readUInt16LE(zipEntries(zip)[1].local + 8)).toBe(8);
    expect(unzipParts(zip).map((p) => [p.name, p.data.toString('utf8')])).toEqual(parts.map((p) => [p.name, p.data]));
  });

  it('stamps every entry with one date, leaving the data as it was', () => {
    const zip = zipParts(parts, '2025-10-28');
    const stamped = stampZipDates(Buffer.from(zip), '2026-01-05');
    expect(unzipParts(stamped)).toEqual(unzipParts(zip));
    expect(stamped.equals(zipParts(parts, '2026-01-05'))).toBe(true);
  });

  it('refuses what is not a plain zip', () => {
    expect(() => unzipParts(Buffer.from('not a zip at all, not even close to one'))).toThrow(/no end of central directory/);
    const zip = zipParts([{ name: 'a.xml', data: 'x' }], '2025-10-28');
    zip.writeUInt16LE(12, zipEntries(zip)[0].central + 10); // bzip2
    expect(() => unzipParts(zip)).toThrow(/compression method 12/);
  });
});
