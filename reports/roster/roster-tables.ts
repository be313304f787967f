/**
 * The roster's tables (人籍核对), as table models:
 * - 附件.xlsx sheet 人籍核对: per school that sent a 在校生花名册, its registry count against its roster,
 *   pupil by pupil (summary.json `roster`), in the spirit of seed 000's 附表1 (学籍系统导出数据学生总数,
 *   本校在读学生人数, 已录入的本校在读学生人数, 已录入非本校在读学生人数, 本省它校学籍学生, 未录入本校生), then 合计;
 * - a school's 空挂学籍 (REGISTERED_NOT_ATTENDING) on its fix-list in the columns of seed 000's 附表2
 *   (已录入学籍系统未在本校就读生统计表): a sheet of 整改清单.xlsx and a section of 整改清单.html.
 *   现就读学校名称 and 备注 are left for the school to fill in (where the pupil now studies is what the
 *   school must find out). The school's own pupils only, as the rest of its fix-list.
 */
import type { Store } from '../../pipeline/check/store.js';
import type { ReportData } from '../report-data.js';
import type { TableModel } from '../write/workbook-writer.js';

export const ROSTER_SHEET = '人籍核对';

export function rosterCheckTable(data: ReportData): TableModel | null {
  const roster = data.roster;
  if (!roster) return null;
  const t = roster.total;
  return {
    title: `${data.campaign.county}在校生花名册与学籍人籍核对情况表（学校）`,
    sheet: ROSTER_SHEET,
    header: ['序号', '学区', '学校', '学校标识码', '学籍系统学生数', '花名册人数', '人籍一致', '空挂学籍', '在读无学籍', '人籍分离', '备注'],
    rows: [
      ...roster.schools.map((s, i) => ({
        values: [i + 1, s.district, s.school_name, s.school_code ?? '', s.registry, s.roster, s.matched, s.registered_not_attending, s.attending_unregistered, s.attending_elsewhere, ''],
      })),
      { values: ['合计', '', '', '', t.registry, t.roster, t.matched, t.registered_not_attending, t.attending_unregistered, t.attending_elsewhere, ''], total: true },
    ],
    ratioColumns: [],
    numberColumns: [0, 4, 5, 6, 7, 8, 9],
  };
}

export interface VacantRegistration {
  student_no: string;
  class_name: string | null;
  name: string | null;
  sex: string | null;
  id_number: string | null;
  address: string | null;
  guardian: string | null;
  phone: string | null;
}

/** Every 空挂学籍 finding's record with its first guardian (a 监护人 with a phone first), per school. */
export async function loadVacantRegistrations(store: Store): Promise<Map<string, VacantRegistration[]>> {
  const rows = await store.query<VacantRegistration & { school_code: string }>(`
    WITH vacant AS (
      SELECT f.school_code, r.student_no, r.class_name, r.name, r.sex, r.id_number, r.address, r.phone, r.grade
      FROM findings f JOIN registry r ON r.source_file = f.source_file AND r.source_row = f.source_row
      WHERE f.rule = 'REGISTERED_NOT_ATTENDING' AND f.school_code IS NOT NULL
    ), guardian AS (
      SELECT student_no, member_name, phone FROM family
      WHERE student_no IN (SELECT student_no FROM vacant) AND member_name IS NOT NULL
      -- Members given inline (成员1…) share their registry row: name and phone break the tie, so that the
      -- same data name the same guardian in every run.
      QUALIFY row_number() OVER (PARTITION BY student_no ORDER BY guardian_yes(is_guardian) DESC, phone IS NULL, source_file, source_row, member_name, phone) = 1
    )
    SELECT v.school_code, v.student_no, v.class_name, v.name, v.sex, v.id_number, v.address,
           g.member_name AS guardian, coalesce(g.phone, v.phone) AS phone
    FROM vacant v LEFT JOIN guardian g ON g.student_no = v.student_no
    ORDER BY v.school_code, v.grade NULLS LAST, v.class_name NULLS LAST, v.student_no, v.name`);
  const bySchool = new Map<string, VacantRegistration[]>();
  for (const { school_code, ...row } of rows) {
    const list = bySchool.get(school_code) ?? [];
    list.push(row);
    bySchool.set(school_code, list);
  }
  return bySchool;
}

export const VACANT_HEADER = ['序号', '县市区', '系统注册学校名称', '学籍号', '班级', '姓名', '性别', '现就读学校名称', '身份证号', '家庭住址', '家长姓名', '联系电话', '备注'];

/** The school's 附表2, as a table model (sheet 空挂学籍). */
export function vacantRegistrationTable(county: string, schoolName: string, rows: VacantRegistration[]): TableModel {
  return {
    title: `${schoolName}已录入学籍系统未在本校就读学生统计表（空挂学籍）`,
    sheet: '空挂学籍',
    header: VACANT_HEADER,
    rows: rows.map((r, i) => ({
      values: [i + 1, county, schoolName, r.student_no, r.class_name ?? '', r.name ?? '', r.sex ?? '', '', r.id_number ?? '', r.address ?? '', r.guardian ?? '', r.phone ?? '', ''],
    })),
    ratioColumns: [],
    numberColumns: [0],
  };
}
