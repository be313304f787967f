import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeExcelOrderWorkbook, writeText, writeZip } from '../helpers/workbook.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Two sheets sharing one string table; the second sheet's row 3 points past the table. */
function twoSheetBook(path: string): string {
  const sheet = (rows: string) => `<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
  return writeZip(path, [
    ['_rels/.rels', `<Relationships xmlns="${PKG}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="学生" sheetId="1" r:id="rId1"/><sheet name="第二" sheetId="2" r:id="rId2"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/a.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/b.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/worksheets/a.xml', sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>10.199999999999999</v></c></row><row r="4"><c r="B4" t="s"><v>1</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" s="1"><v>41700</v></c></row>')],
    ['xl/worksheets/b.xml', sheet('<row r="2"><c r="A2" t="b"><v>1</v></c></row><row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['xl/sharedStrings.xml', `<sst xmlns="${MAIN}"><si><t>姓名</t></si><si><t>两行\r\n文字</t></si></sst>`],
  ]);
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l));

describe('xueji inspect', () => {
  const dir = tempDir('xueji-inspect-');

  it('--cells prints every non-empty cell of every sheet as JSON lines, values as the reader returns them, nothing else on stdout', () => {
    const path = twoSheetBook(join(dir, 'two.xlsx'));
    const r = runCli(['inspect', '--cells', path]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      { sheet: '学生', row: 1, col: 0, value: '姓名' },
      { sheet: '学生', row: 1, col: 2, value: '10.2' },
      { sheet: '学生', row: 4, col: 1, value: '两行\n文字' },
      { sheet: '学生', row: 4, col: 3, value: '41700' },
      { sheet: '第二', row: 2, col: 0, value: 'TRUE' },
      { sheet: '第二', row: 3, col: 1, value: 'x' },
    ]);
    // The row that cannot be read as written is said on stderr, without its values.
    expect(r.stderr).toBe(`xueji: 警告: ${path} 工作表“第二” 第3行: 第1列的共享字符串编号 5 超出共享字符串表（共 2 条），无法读出该单元格\n`);
    const one = runCli(['inspect', '--cells', '--sheet', '第二', path]);
    expect(lines(one.stdout).map((c) => c.sheet)).toEqual(['第二', '第二']);
    expect(runCli(['inspect', '--sheet', '第二', path]).stdout).toContain('读取问题: 1 行（运行时列入 rejected.csv）\n  第3行: 第1列的共享字符串编号 5 超出');
  });

  it('--cells reads a CSV in the encoding given (sheet ""), and a refused file gives one line on stderr and no stdout', () => {
    const path = writeText(join(dir, 'gbk.csv'), iconv.encode('姓名,性别\r\n张三,男\r\n', 'gb18030'));
    const r = runCli(['inspect', '--cells', '--encoding', 'gbk', path]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(lines(r.stdout)).toEqual([
      { sheet: '', row: 1, col: 0, value: '姓名' }, { sheet: '', row: 1, col: 1, value: '性别' },
      { sheet: '', row: 2, col: 0, value: '张三' }, { sheet: '', row: 2, col: 1, value: '男' },
    ]);
    const renamed = writeText(join(dir, 'renamed.xlsx'), '姓名,性别\n');
    const bad = runCli(['inspect', '--cells', renamed]);
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toBe(`xueji: 错误: ${renamed}: 不是 xlsx 文件，实际是文本文件（如 CSV 改名而来），请改用 .csv 扩展名\n`);
  });

  it('shows the kind, sheets, the header found, how each column maps, unrecognised columns and the first rows normalised', () => {
    const path = writeExcelOrderWorkbook(join(dir, 'registry.xlsx'), [
      ['城关学区学生名单'],
      ['全国学籍号', '学生姓名', '出生日期', '学校标识码', '身份证件编号', '备注', '序号'],
      ['G341623201403020011', '张三', 41700, 'Ｓ1', '', 'x', 1],
    ]);
    const r = runCli(['inspect', path]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining([
      '类型: xlsx 工作簿',
      '工作表: 学生（本次读取）',
      '表头: 第 2 行，按“学籍导出”（registry）解读，根据表头猜测',
      '  A 全国学籍号 → 全国学籍号（student_no）',
      '  B 学生姓名 → 姓名（name）',
      '  E 身份证件编号 → 未识别（最接近的已知表头：身份证件号码）',
      '  F 备注 → 未识别',
      '  G 序号 → 已知列，本表不用（不载入）',
      '未识别的列: 身份证件编号、备注（运行时不载入）',
      '  第3行: 全国学籍号=G341623201403020011  姓名=张三  出生日期=2014-03-02  学校标识码=S1',
    ]));
    const asSchools = runCli(['inspect', '--table', 'schools', path]);
    expect(asSchools.stdout).toMatch(/\n表头: 前 50 行中没有可识别的表头（学校名录 需要 学校标识码（或 学校代码）、学校名称（或 学校）、学区（或 乡镇、中心校））\n$/);
    const partial = writeExcelOrderWorkbook(join(dir, 'partial.xlsx'), [['全国学籍号', '学生姓名', '年级'], ['G1', '张三', '三年级']]);
    expect(runCli(['inspect', partial]).stdout).toMatch(/表头: 第 1 行，按“中职新生名单”（vocational_new）解读，根据表头猜测\n/);
    expect(runCli(['inspect', '--table', '学籍导出', partial]).stdout).toMatch(/表头: 第 1 行，按“学籍导出”（registry）解读，按 --table 指定\n {2}缺少必需的列: 学校标识码（或 学校代码） 或 学校名称（运行时此文件会被拒绝）\n列:\n {2}A 全国学籍号 → /);
    expect(runCli(['inspect', '--table', 'pupils', path]).stderr).toMatch(/^xueji: 错误: --table: 没有名为“pupils”的表/);
  });
});
