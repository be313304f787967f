/**
 * A school's 空挂学籍 (REGISTERED_NOT_ATTENDING) listed on its fix-list in the columns of seed 000's
 * 附表2 (已录入学籍系统未在本校就读生统计表): a sheet of 整改清单.xlsx and a section of 整改清单.html.
 * 现就读学校名称 and 备注 are left for the school to fill in (where the pupil now studies is what the
 * school must find out). The school's own pupils only, as the rest of its fix-list.
 */
import type { Store } from '../pipeline/check/store.js';
import type { TableModel } from './write/workbook-writer.js';

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
      QUALIFY row_number() OVER (PARTITION BY student_no ORDER BY guardian_yes(is_guardian) DESC, phone IS NULL, source_file, source_row) = 1
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
