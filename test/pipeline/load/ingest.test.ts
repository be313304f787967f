import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { runCli } from '../../helpers/cli.js';
import { queryStore } from '../../helpers/store.js';
import { tempDir, writeExcelOrderWorkbook, writeText, writeWorkbook } from '../../helpers/workbook.js';

const CAMPAIGN = `name: 测试县学籍核查
as_of: 2025-10-28
inputs:
  schools: schools.xlsx
  registry: [registry/*]
`;

async function campaignDir(): Promise<string> {
  const dir = tempDir();
  mkdirSync(join(dir, 'registry'));
  await writeWorkbook(join(dir, 'schools.xlsx'), [['测试县学校名录'], ['学校代码', '学校', '乡镇'], ['2134160001', '城北小学', '城北'], ['2134160002', '城关中学', '城关']], { merge: ['A1:C1'] });
  writeText(join(dir, 'campaign.yaml'), CAMPAIGN);
  return dir;
}

describe('ingest (xueji run)', () => {
  it('loads title-row, alias-header, repeated-header workbooks and GBK CSV; every row loaded or rejected', async () => {
    const dir = await campaignDir();
    writeExcelOrderWorkbook(join(dir, 'registry', 'a.xlsx'), [
      ['城北学区学生名单'],
      ['导出时间 2025-10-20'],
      [],
      ['学籍号', '姓名', '性别', '出生日期', '证件类型', '身份证号', '学校代码', '年级', '学生状态', '成员1姓名', '成员1是否监护人', '成员1联系电话'],
      ['G341623201403020011', ' 张三 ', '1', 41700, '居民身份证', '341623201403020011', '2134160001', 16, '在籍在校', '张父', '是', '+86 138-1234-5678'],
      [],
      ['学籍号', '姓名', '性别', '出生日期', '证件类型', '身份证号', '学校代码', '年级', '学生状态', '成员1姓名', '成员1是否监护人', '成员1联系电话'],
      ['G341623201403020022', '李四', '2', '2014年3月2日', '居民身份证', 341623201403020000, '2134160001', '六年级', '休学', null, null, null],
      [null, '无号', '男', '20140302', null, null, '2134160001', '六年级', '在校', null, null, null],
    ]);
    writeText(join(dir, 'registry', 'b.csv'), iconv.encode([
      '全国学籍号,姓名,性别,出生日期,身份证件号码,学校名称,年级,学籍状态',
      'g34162320120101003x,王五,男,2012/1/1,３４１６２３２０１２０１０１００３ｘ,城关中学,初二,在校',
      'G341623201201010041,赵六,女,20120101,341623201201010041,城关中学,八年级,在校,多余,字段',
      'G341623201201010052,钱七,女,20120101',
    ].join('\r\n') + '\r\n', 'gb18030'));

    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out'), '--store']);
    expect(r.stderr).not.toMatch(/内部错误/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.rows).toEqual({ read: 8, loaded: 5, rejected: 3 });
    const a = summary.files.find((f: { file: string }) => f.file === 'registry/a.xlsx');
    expect(a).toMatchObject({ sheet_header_row: 4, read: 3, loaded: 2, rejected: 1, skipped_blank: 1, skipped_repeated_header: 1 });

    const rejected = readFileSync(join(dir, 'out', 'rejected.csv'), 'utf8');
    expect(rejected.startsWith('\uFEFFfile,row,table,reason\r\n')).toBe(true);
    expect(rejected).toContain('registry/a.xlsx,9,registry,全国学籍号为空');
    expect(rejected).toMatch(/registry\/b.csv,3,registry,字段数多于表头/);
    expect(rejected).toMatch(/registry\/b.csv,4,registry,字段数少于表头/);
    // Every rejected row once, in the campaign's file order and row order within a file (files are parsed on several threads).
    expect(rejected.split('\r\n').slice(1, -1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['registry/a.xlsx,9', 'registry/b.csv,3', 'registry/b.csv,4']);

    const rows = await queryStore(join(dir, 'out', 'xueji.duckdb'), `
      SELECT student_no, name, sex, CAST(birth_date AS VARCHAR) AS birth_date, id_number, id_number_excel_damaged AS damaged,
             school_code, grade, status, source_file, source_row FROM registry ORDER BY source_file, source_row`);
    expect(rows).toEqual([
      { student_no: 'G341623201403020011', name: '张三', sex: '男', birth_date: '2014-03-02', id_number: '341623201403020011', damaged: false, school_code: '2134160001', grade: 6, status: '在校', source_file: 'registry/a.xlsx', source_row: 5 },
      { student_no: 'G341623201403020022', name: '李四', sex: '女', birth_date: '2014-03-02', id_number: '341623201403020000', damaged: true, school_code: '2134160001', grade: 6, status: '休学', source_file: 'registry/a.xlsx', source_row: 8 },
      { student_no: 'G34162320120101003X', name: '王五', sex: '男', birth_date: '2012-01-01', id_number: '34162320120101003X', damaged: false, school_code: '2134160002', grade: 8, status: '在校', source_file: 'registry/b.csv', source_row: 2 },
    ]);
    const family = await queryStore(join(dir, 'out', 'xueji.duckdb'), 'SELECT student_no, member_name, is_guardian, phone, origin, source_row FROM family');
    expect(family).toEqual([{ student_no: 'G341623201403020011', member_name: '张父', is_guardian: '是', phone: '13812345678', origin: 'inline', source_row: 5 }]);
    const schools = await queryStore(join(dir, 'out', 'xueji.duckdb'), 'SELECT school_code, school_name, district, source_row FROM schools ORDER BY 1');
    expect(schools).toEqual([
      { school_code: '2134160001', school_name: '城北小学', district: '城北', source_row: 3 },
      { school_code: '2134160002', school_name: '城关中学', district: '城关', source_row: 4 },
    ]);
  });

  function failure(dir: string): string {
    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    return r.stderr;
  }

  it('stops with one line naming the file and the missing columns', async () => {
    const dir = await campaignDir();
    await writeWorkbook(join(dir, 'registry', 'a.xlsx'), [['姓名', '性别', '年级'], ['张三', '男', '一年级']]);
    expect(failure(dir)).toMatch(/registry\/a.xlsx 工作表“Sheet1”: 表头缺少必需的列：全国学籍号（或 学籍号）、学校标识码/);
    await writeWorkbook(join(dir, 'registry', 'a.xlsx'), [['编号', '备注'], ['1', '无']]);
    expect(failure(dir)).toMatch(/registry\/a.xlsx 工作表“Sheet1”: 找不到学籍导出的表头（前 50 行中没有含 全国学籍号（或 学籍号）、姓名/);
    await writeWorkbook(join(dir, 'registry', 'a.xlsx'), [['学籍号', '姓名', '性别', '年级'], ['G1', '张三', '男', '一年级']]);
    expect(failure(dir)).toMatch(/registry\/a.xlsx 工作表“Sheet1”: 表头缺少必需的列：学校标识码（或 学校代码） 或 学校名称/);
  });

  it('stops on a duplicated header column, a renamed HTML page and a 0-byte file', async () => {
    const dir = await campaignDir();
    await writeWorkbook(join(dir, 'registry', 'a.xlsx'), [['学籍号', '姓名', '学校代码', '身份证号', '证件号码'], ['G1', '张三', '1', '2', '3']]);
    expect(failure(dir)).toMatch(/registry\/a.xlsx 工作表“Sheet1” 第1行: 表头中“证件号码”重复出现（第 4 列和第 5 列）/);
    writeText(join(dir, 'registry', 'a.xlsx'), '<html><table><tr><td>学籍号</td></tr></table></html>');
    expect(failure(dir)).toMatch(/registry\/a.xlsx: 不是 xlsx 文件，实际是HTML 网页/);
    writeText(join(dir, 'registry', 'a.xlsx'), '');
    expect(failure(dir)).toMatch(/registry\/a.xlsx: 不是 xlsx 文件，实际是空文件/);
  });

  it('a campaign typo is one line with the key, its line and a suggestion; the previous output stays', async () => {
    const dir = await campaignDir();
    await writeWorkbook(join(dir, 'registry', 'a.xlsx'), [['学籍号', '姓名', '学校代码'], ['G1', '张三', '2134160001']]);
    expect(runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]).code).toBe(0);
    writeText(join(dir, 'campaign.yaml'), CAMPAIGN.replace('registry:', 'registy:'));
    expect(failure(dir)).toMatch(/campaign.yaml: 第5行 未知的键 inputs.registy，是否应为 registry/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).rows.loaded).toBe(3);
  });
});

describe('campaign input options', () => {
  it('reads the named sheet and honours an encoding override', async () => {
    const dir = await campaignDir();
    const book = new (await import('exceljs')).default.Workbook();
    book.addWorksheet('说明').getCell('A1').value = '本文件第二个工作表为学生名单';
    const sheet = book.addWorksheet('学生');
    sheet.addRow(['全国学籍号', '姓名', '学校标识码']);
    sheet.addRow(['G1', '张三', '2134169999']); // a school not in the list: a finding (SCHOOL_UNKNOWN)
    await book.xlsx.writeFile(join(dir, 'registry', 'a.xlsx'));
    // A GB18030 file whose first bytes happen to be valid UTF-8 would be misread without the override.
    writeText(join(dir, 'registry', 'b.csv'), iconv.encode('全国学籍号,姓名,学校标识码\r\nG2,李四,2134160002\r\n', 'gb18030'));
    writeText(join(dir, 'campaign.yaml'), `name: t\nas_of: 2025-10-28\ninputs:\n  schools: schools.xlsx\n  registry:\n    path: registry/a.xlsx\n    sheet: 学生\n  previous_registry: {path: registry/b.csv, encoding: gbk}\n`);
    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out'), '--store']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const rows = await queryStore(join(dir, 'out', 'xueji.duckdb'), "SELECT name FROM registry UNION ALL SELECT name FROM previous_registry");
    expect(rows).toEqual([{ name: '张三' }, { name: '李四' }]);
    const findings = await queryStore(join(dir, 'out', 'xueji.duckdb'), `SELECT count(*)::INT AS n FROM read_parquet('${join(dir, 'out', 'findings.parquet')}')`);
    const byRule = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).by_rule as Record<string, number>;
    expect(findings[0].n).toBeGreaterThan(0);
    expect(findings[0].n).toBe(Object.values(byRule).reduce((a, b) => a + b, 0));
  });
});
