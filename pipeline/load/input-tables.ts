/**
 * The contract's input tables: their canonical headers and aliases, how each value is normalised,
 * which columns a file must have, and when a row cannot be loaded. Ingest knows no table by name;
 * it reads this list.
 */
export type InputName = 'schools' | 'registry' | 'family' | 'previous_registry' | 'headcounts' | 'quotas' | 'new_students' | 'preschool' | 'roster' | 'vocational_new';

/** How a cell becomes a stored value (see normalize.ts). */
export type FieldKind = 'text' | 'code' | 'id' | 'date' | 'sex' | 'grade' | 'status' | 'phone' | 'count';

export interface FieldSpec {
  column: string;
  header: string;
  aliases: string[];
  kind: FieldKind;
}

export interface TableSpec {
  name: InputName;
  /** What a bureau calls this file, for messages. */
  title: string;
  fields: FieldSpec[];
  /** Each entry: at least one of these columns must be in the header. */
  requiredColumns: string[][];
  /** Non-empty after normalisation, or the row is rejected: each entry, at least one of these. */
  requiredValues: string[][];
  /** Registry exports may carry 成员1姓名… columns: loaded into `family` too. */
  inlineFamily?: boolean;
}

const f = (column: string, header: string, kind: FieldKind, ...aliases: string[]): FieldSpec => ({ column, header, aliases, kind });

const STUDENT_NO = f('student_no', '全国学籍号', 'code', '学籍号');
const NAME = f('name', '姓名', 'text', '学生姓名');
const SEX = f('sex', '性别', 'sex');
const BIRTH = f('birth_date', '出生日期', 'date');
const ID_TYPE = f('id_type', '身份证件类型', 'text', '证件类型');
const ID_NUMBER = f('id_number', '身份证件号码', 'id', '身份证号', '身份证号码', '证件号码');
const SCHOOL_CODE = f('school_code', '学校标识码', 'code', '学校代码');
const GRADE = f('grade', '年级', 'grade');

const REGISTRY_FIELDS: FieldSpec[] = [
  STUDENT_NO, NAME, SEX, BIRTH,
  f('ethnicity', '民族', 'text'),
  ID_TYPE, ID_NUMBER,
  f('hukou', '户口所在地', 'text', '户口所在地行政区划', '户籍所在地'),
  f('address', '现住址', 'text', '家庭住址'),
  SCHOOL_CODE,
  f('school_name', '学校名称', 'text'),
  GRADE,
  f('class_name', '班级', 'text'),
  f('enrol_month', '入学年月', 'text'),
  f('status', '学籍状态', 'status', '学生状态', '在校状态'),
  f('photo', '照片', 'text', '是否有照片'),
  f('phone', '联系电话', 'phone'),
];

/** Columns of one family member, in the family export and (prefixed 成员N) inline in the registry. */
export const MEMBER_FIELDS: FieldSpec[] = [
  f('member_name', '成员姓名', 'text', '姓名'),
  f('relation', '关系', 'text'),
  f('is_guardian', '是否监护人', 'text'),
  f('phone', '联系电话', 'phone'),
  ID_TYPE,
  ID_NUMBER,
];

export const TABLES: TableSpec[] = [
  {
    name: 'schools',
    title: '学校名录',
    fields: [
      f('school_code', '学校标识码', 'code', '学校代码'),
      f('school_name', '学校名称', 'text', '学校'),
      f('district', '学区', 'text', '乡镇', '中心校'),
      f('county', '县市区', 'text'),
      f('school_type', '办学类型', 'text'),
    ],
    requiredColumns: [['school_code'], ['school_name'], ['district']],
    requiredValues: [['school_code']],
  },
  {
    name: 'registry',
    title: '学籍导出',
    fields: REGISTRY_FIELDS,
    requiredColumns: [['student_no'], ['name'], ['school_code', 'school_name']],
    requiredValues: [['student_no']],
    inlineFamily: true,
  },
  {
    name: 'previous_registry',
    title: '上一学年学籍导出',
    fields: REGISTRY_FIELDS,
    requiredColumns: [['student_no'], ['name'], ['school_code', 'school_name']],
    requiredValues: [['student_no']],
  },
  {
    name: 'family',
    title: '家庭成员导出',
    fields: [STUDENT_NO, ...MEMBER_FIELDS],
    requiredColumns: [['student_no'], ['member_name']],
    requiredValues: [['student_no']],
  },
  {
    name: 'headcounts',
    title: '现场核查学生数',
    fields: [SCHOOL_CODE, f('school_name', '学校名称', 'text', '学校'), GRADE, f('onsite', '现场核查学生数', 'count', '人数', '在校生数')],
    requiredColumns: [['school_code', 'school_name'], ['onsite']],
    requiredValues: [['school_code', 'school_name'], ['onsite']],
  },
  {
    name: 'quotas',
    title: '招生计划数',
    fields: [SCHOOL_CODE, GRADE, f('plan', '计划数', 'count', '招生计划数')],
    requiredColumns: [['school_code'], ['grade'], ['plan']],
    requiredValues: [['school_code'], ['grade'], ['plan']],
  },
  {
    name: 'new_students',
    title: '新生入学名单',
    fields: [NAME, SEX, BIRTH, ID_TYPE, ID_NUMBER, SCHOOL_CODE],
    requiredColumns: [['name']],
    requiredValues: [['name', 'id_number']],
  },
  {
    name: 'preschool',
    title: '学前幼儿学籍',
    fields: [NAME, SEX, BIRTH, ID_TYPE, ID_NUMBER, f('kindergarten', '幼儿园名称', 'text', '幼儿园'), f('preschool_no', '学前学籍号', 'code')],
    requiredColumns: [['name']],
    requiredValues: [['name', 'id_number']],
  },
  {
    name: 'roster',
    title: '在校生花名册',
    fields: [SCHOOL_CODE, f('school_name', '学校名称', 'text', '学校'), GRADE, f('class_name', '班级', 'text'), NAME, SEX, BIRTH, ID_NUMBER, STUDENT_NO],
    requiredColumns: [['school_code', 'school_name'], ['name']],
    requiredValues: [['school_code', 'school_name'], ['name']],
  },
  {
    name: 'vocational_new',
    title: '中职新生名单',
    fields: [STUDENT_NO, NAME, SEX, BIRTH, ID_TYPE, ID_NUMBER, f('school_name', '学校名称', 'text', '中职学校')],
    requiredColumns: [['name'], ['id_number', 'student_no']],
    requiredValues: [['id_number', 'student_no']],
  },
];

export function tableSpec(name: InputName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table ${name}`);
  return spec;
}
