/**
 * Where a workbook's parts are: the workbook part named by the package relationships (xl/workbook.xml,
 * or wherever the writer put it, the package root included), its sheets and shared-strings table named
 * by its own relationships, and its date system. Part names resolve as OPC says: relative to the
 * part's folder, case-insensitively (the zip reader's lookup), '\' read as '/'. Parts in UTF-16 are read too.
 */
import { posix } from 'node:path';
import type { ZipArchive } from './zip-archive.js';
import { partAsUtf8 } from './text-decoding.js';
import { XmlScanner, attr } from './xml-scanner.js';

export interface WorkbookParts {
  /** Every sheet in the workbook's order, with the part its relationship names (which may be absent). */
  sheets: { name: string; part: string }[];
  /** The shared-strings part, when the workbook has one. */
  sharedStringsPart?: string;
  /** Dates count from 1904-01-01 (the workbook's own <workbookPr date1904>). */
  date1904: boolean;
}

/** A workbook part that is not what a workbook needs; the caller says it in its own words. */
export class WorkbookPartsError extends Error {}

const SMALL_PART = 16 * 1024 * 1024;

export async function readWorkbookParts(zip: ZipArchive): Promise<WorkbookParts> {
  let workbookPart = 'xl/workbook.xml';
  if (zip.has('_rels/.rels')) {
    const main = (await readRelationships(zip, '_rels/.rels', '')).find((r) => r.type.endsWith('/officeDocument'));
    if (main && zip.has(main.target)) workbookPart = main.target;
  }
  if (!zip.has(workbookPart)) throw new WorkbookPartsError('是 zip 压缩包但不含 Excel 工作簿（可能是 .docx 或其他文件改名）');
  const dir = posix.dirname(workbookPart) === '.' ? '' : posix.dirname(workbookPart);
  const relsPart = posix.join(dir, '_rels', `${posix.basename(workbookPart)}.rels`);
  const rels = zip.has(relsPart) ? await readRelationships(zip, relsPart, dir) : [];

  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  let inWorkbookNamespace: ((prefix: string) => boolean) | undefined;
  const scanner = new XmlScanner({
    open(name, attrs, _selfClosing, prefix) {
      inWorkbookNamespace ??= sameNamespaceAs(prefix, attrs);
      // Only the workbook's own elements: an extension's x15:workbookPr must not reset the date system.
      if (!inWorkbookNamespace(prefix)) return;
      if (name === 'sheet') sheets.push({ name: attr(attrs, 'name') ?? '', rid: relationshipId(attrs) });
      else if (name === 'workbookPr') {
        const v = attr(attrs, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
    },
    close() {},
    text() {},
  });
  scanner.feed(partAsUtf8(await zip.readBytes(workbookPart, SMALL_PART)).toString('utf8'));
  scanner.end();
  if (sheets.length === 0) throw new WorkbookPartsError('工作簿中没有工作表');
  const sheetParts = sheets.map((sheet, i) => ({
    name: sheet.name,
    part: rels.find((r) => r.id === sheet.rid)?.target ?? posix.join(dir, 'worksheets', `sheet${i + 1}.xml`),
  }));
  const fallbackShared = posix.join(dir, 'sharedStrings.xml');
  const shared = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? (zip.has(fallbackShared) ? fallbackShared : undefined);
  return { sheets: sheetParts, sharedStringsPart: shared, date1904 };
}

/**
 * Whether an element's prefix names the root element's namespace, by the declarations on the root
 * (where writers put them all); an undeclared prefix only when it is the root's own.
 */
function sameNamespaceAs(rootPrefix: string, rootAttrs: string): (prefix: string) => boolean {
  const declared = new Map<string, string>();
  for (const m of rootAttrs.matchAll(/(?:^|\s)xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(["'])(.*?)\2/g)) declared.set(m[1] ?? '', m[3]);
  const root = declared.get(rootPrefix);
  return (prefix) => prefix === rootPrefix || (root !== undefined && declared.get(prefix) === root);
}

/** The relationship id of a <sheet> (r:id, whatever the prefix; a bare id from some writers). */
function relationshipId(attrs: string): string {
  return /(?:^|\s)[A-Za-z_][\w.-]*:id\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1] ?? attr(attrs, 'id') ?? '';
}

interface Relationship {
  id: string;
  type: string;
  /** The target as a part name: resolved against the source part's folder. */
  target: string;
}

async function readRelationships(zip: ZipArchive, part: string, baseDir: string): Promise<Relationship[]> {
  const out: Relationship[] = [];
  const scanner = new XmlScanner({
    open(name, attrs) {
      if (name !== 'Relationship' || attr(attrs, 'TargetMode') === 'External') return;
      out.push({ id: attr(attrs, 'Id') ?? '', type: attr(attrs, 'Type') ?? '', target: partName(zip, baseDir, attr(attrs, 'Target') ?? '') });
    },
    close() {},
    text() {},
  });
  scanner.feed(partAsUtf8(await zip.readBytes(part, SMALL_PART)).toString('utf8'));
  scanner.end();
  return out;
}

/** A relationship target as a part name: absolute from the package root, or relative to `baseDir`. */
function partName(zip: ZipArchive, baseDir: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  const name = t.startsWith('/') ? posix.normalize(t).slice(1) : posix.normalize(posix.join(baseDir, t));
  if (zip.has(name) || !name.includes('%')) return name;
  // Targets are URIs: "sheet%201.xml" is the part "sheet 1.xml".
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
