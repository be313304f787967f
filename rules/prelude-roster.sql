-- Shared SQL for the roster rules (人籍一致) and summary.json `roster`, run beside prelude.sql on a
-- connection of its own: reads only input tables. Knows no rule by name.
--
-- Every 在校生花名册 row is paired with at most one current record, and every record with at most one
-- row, in the contract's order: 1. 全国学籍号, 2. normalised 身份证件号码, 3. 姓名+性别+出生日期. A step
-- only sees the rows and records the steps before it left unpaired. Records of any status take part
-- (a 休学 pupil on the roster is on the roster, not unregistered); the rules decide what a pair means.
--
-- Within a step, rows and records sharing a key are paired in two rounds, so that the result never
-- depends on file order more than it must:
--   a. the same school first: rows and records of one key and one school, paired in order;
--   b. then across schools: what is left of the key, paired in order.
-- "In order" is: roster rows by (file, row); records 在校 (or empty status) before the others, then by
-- (file, row). So a pupil whose 学籍号 is on records at two schools is matched to the roster's own
-- school's record; one 在校 record is preferred to a 转出 one.
-- Keys that cannot tell a pupil: empty values never match, an ID damaged by Excel (…000) is not used,
-- step 3 needs name, sex and birth date all present on both sides. Twins differ by name; same-name
-- twins without 学籍号 and ID on the roster are paired in order (each row gets one of the two records,
-- so both count as matched, whichever is whose).

-- The keys of every roster row, one row per key.
CREATE OR REPLACE TABLE roster_key AS
SELECT source_file, source_row, school_code, 1 AS step, student_no AS k FROM roster WHERE student_no IS NOT NULL
UNION ALL
SELECT source_file, source_row, school_code, 2, id_number FROM roster WHERE id_number IS NOT NULL AND NOT coalesce(id_number_excel_damaged, false)
UNION ALL
SELECT source_file, source_row, school_code, 3, name || '|' || sex || '|' || CAST(birth_date AS VARCHAR)
FROM roster WHERE name IS NOT NULL AND sex IS NOT NULL AND birth_date IS NOT NULL;

-- The same keys of the current records some roster row could reach (semi-joins: without a roster, no
-- record is read twice), with what the rules need of the record.
CREATE OR REPLACE TABLE record_key AS
WITH reached AS (
  SELECT source_file, source_row, school_code, student_no, grade, status, 1 AS step, student_no AS k FROM registry
  WHERE student_no IN (SELECT k FROM roster_key WHERE step = 1)
  UNION ALL
  SELECT source_file, source_row, school_code, student_no, grade, status, 2, id_number FROM registry
  WHERE NOT id_number_excel_damaged AND id_number IN (SELECT k FROM roster_key WHERE step = 2)
  UNION ALL
  SELECT r.source_file, r.source_row, r.school_code, r.student_no, r.grade, r.status, 3, r.name || '|' || r.sex || '|' || CAST(r.birth_date AS VARCHAR)
  FROM registry r SEMI JOIN roster q ON q.name = r.name AND q.sex = r.sex AND q.birth_date = r.birth_date
)
SELECT source_file, source_row, school_code, step, k, student_no, grade, status,
       status IS NULL OR status = '在校' AS in_school
FROM reached;

CREATE OR REPLACE TABLE roster_pair (roster_file VARCHAR, roster_row INTEGER, record_file VARCHAR, record_row INTEGER, step INTEGER);

-- One step's pairs (getvariable('roster_step')) among what earlier steps left.
CREATE OR REPLACE VIEW roster_step_pair AS
WITH r AS (
  SELECT * FROM roster_key q WHERE step = getvariable('roster_step')
    AND NOT EXISTS (SELECT 1 FROM roster_pair p WHERE p.roster_file = q.source_file AND p.roster_row = q.source_row)
), g AS (
  SELECT * FROM record_key c WHERE step = getvariable('roster_step')
    AND NOT EXISTS (SELECT 1 FROM roster_pair p WHERE p.record_file = c.source_file AND p.record_row = c.source_row)
), r_same AS (
  SELECT *, row_number() OVER (PARTITION BY k, school_code ORDER BY source_file, source_row) AS n FROM r WHERE school_code IS NOT NULL
), g_same AS (
  SELECT *, row_number() OVER (PARTITION BY k, school_code ORDER BY in_school DESC, source_file, source_row) AS n FROM g WHERE school_code IS NOT NULL
), same AS (
  SELECT r_same.source_file AS roster_file, r_same.source_row AS roster_row, g_same.source_file AS record_file, g_same.source_row AS record_row
  FROM r_same JOIN g_same ON g_same.k = r_same.k AND g_same.school_code = r_same.school_code AND g_same.n = r_same.n
), r_other AS (
  SELECT *, row_number() OVER (PARTITION BY k ORDER BY source_file, source_row) AS n FROM r
  WHERE NOT EXISTS (SELECT 1 FROM same s WHERE s.roster_file = r.source_file AND s.roster_row = r.source_row)
), g_other AS (
  SELECT *, row_number() OVER (PARTITION BY k ORDER BY in_school DESC, source_file, source_row) AS n FROM g
  WHERE NOT EXISTS (SELECT 1 FROM same s WHERE s.record_file = g.source_file AND s.record_row = g.source_row)
)
SELECT roster_file, roster_row, record_file, record_row, getvariable('roster_step') AS step FROM same
UNION ALL
SELECT r_other.source_file, r_other.source_row, g_other.source_file, g_other.source_row, getvariable('roster_step')
FROM r_other JOIN g_other ON g_other.k = r_other.k AND g_other.n = r_other.n;

SET VARIABLE roster_step = 1;
INSERT INTO roster_pair SELECT * FROM roster_step_pair;
SET VARIABLE roster_step = 2;
INSERT INTO roster_pair SELECT * FROM roster_step_pair;
SET VARIABLE roster_step = 3;
INSERT INTO roster_pair SELECT * FROM roster_step_pair;

-- Every roster row with the record it was paired with (record_* NULL when none).
CREATE OR REPLACE TABLE roster_match AS
SELECT q.source_file, q.source_row, q.school_code, q.school_name, q.grade, q.class_name, q.name, q.sex, q.birth_date,
       q.id_number, q.student_no, p.step AS match_step, p.record_file, p.record_row,
       c.school_code AS record_school, c.student_no AS record_student_no, c.grade AS record_grade, c.status AS record_status
FROM roster q
LEFT JOIN roster_pair p ON p.roster_file = q.source_file AND p.roster_row = q.source_row
LEFT JOIN (SELECT DISTINCT source_file, source_row, school_code, student_no, grade, status FROM record_key) c
  ON c.source_file = p.record_file AND c.source_row = p.record_row;
