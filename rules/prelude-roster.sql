-- Shared SQL for the roster rules (人籍一致) and summary.json `roster`, run independently of prelude.sql
-- (perhaps on another connection): reads only input tables. Knows no rule by name.
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
--
-- Rows and records get a number (rid, gid) that sorts in that order, so that the pairing works on
-- integers: made from the file's number and the row, not by row_number() over all rows (a window over
-- a whole table runs on one thread: 1.3 s for a city's roster). Only keys some roster row has are kept.
CREATE OR REPLACE TABLE roster_row AS
WITH file_no AS (
  SELECT source_file, row_number() OVER (ORDER BY source_file) AS file_no FROM (SELECT DISTINCT source_file FROM roster)
)
SELECT (f.file_no::BIGINT << 40) + r.source_row AS rid, r.source_file, r.source_row, r.school_code, r.school_name,
       r.grade, r.class_name, r.name, r.sex, r.birth_date, r.id_number, r.student_no,
       CASE WHEN NOT coalesce(r.id_number_excel_damaged, false) THEN r.id_number END AS id_key,
       r.name || '|' || r.sex || '|' || CAST(r.birth_date AS VARCHAR) AS person_key
FROM roster r JOIN file_no f ON f.source_file = r.source_file;

CREATE OR REPLACE TABLE roster_key AS
SELECT rid, school_code, 1::TINYINT AS step, student_no AS k FROM roster_row WHERE student_no IS NOT NULL
UNION ALL SELECT rid, school_code, 2, id_key FROM roster_row WHERE id_key IS NOT NULL
UNION ALL SELECT rid, school_code, 3, person_key FROM roster_row WHERE person_key IS NOT NULL;

-- Every current record, when there is a roster at all (without one, nothing is scanned).
CREATE OR REPLACE TABLE record_row AS
WITH record AS (
  SELECT *, status IS NULL OR status = '在校' AS in_school FROM registry WHERE EXISTS (SELECT 1 FROM roster_row)
), file_no AS (
  SELECT source_file, row_number() OVER (ORDER BY source_file) AS file_no FROM (SELECT DISTINCT source_file FROM record)
)
SELECT ((NOT r.in_school)::BIGINT << 62) + (f.file_no::BIGINT << 40) + r.source_row AS gid,
       r.source_file, r.source_row, r.school_code, r.student_no, r.grade, r.status, r.in_school,
       CASE WHEN NOT r.id_number_excel_damaged THEN r.id_number END AS id_key,
       r.name || '|' || r.sex || '|' || CAST(r.birth_date AS VARCHAR) AS person_key
FROM record r JOIN file_no f ON f.source_file = r.source_file;

-- A record's keys that some roster row has in the same step: the pairing's windows see only those.
CREATE OR REPLACE TABLE record_key AS
SELECT gid, school_code, 1::TINYINT AS step, student_no AS k FROM record_row c SEMI JOIN roster_key q ON q.step = 1 AND q.k = c.student_no
UNION ALL SELECT gid, school_code, 2, id_key FROM record_row c SEMI JOIN roster_key q ON q.step = 2 AND q.k = c.id_key
UNION ALL SELECT gid, school_code, 3, person_key FROM record_row c SEMI JOIN roster_key q ON q.step = 3 AND q.k = c.person_key;

CREATE OR REPLACE TABLE roster_pair (rid BIGINT, gid BIGINT, step TINYINT);

-- One step's pairs (getvariable('roster_step')) among what earlier steps left.
CREATE OR REPLACE VIEW roster_step_pair AS
WITH r AS MATERIALIZED (
  SELECT q.rid, q.school_code, q.k FROM roster_key q ANTI JOIN roster_pair p ON p.rid = q.rid WHERE q.step = getvariable('roster_step')
), g AS MATERIALIZED (
  SELECT c.gid, c.school_code, c.k FROM record_key c ANTI JOIN roster_pair p ON p.gid = c.gid WHERE c.step = getvariable('roster_step')
), same AS MATERIALIZED (
  SELECT a.rid, b.gid
  FROM (SELECT *, row_number() OVER (PARTITION BY k, school_code ORDER BY rid) AS n FROM r WHERE school_code IS NOT NULL) a
  JOIN (SELECT *, row_number() OVER (PARTITION BY k, school_code ORDER BY gid) AS n FROM g WHERE school_code IS NOT NULL) b
    ON b.k = a.k AND b.school_code = a.school_code AND b.n = a.n
), other AS (
  SELECT a.rid, b.gid
  FROM (SELECT *, row_number() OVER (PARTITION BY k ORDER BY rid) AS n FROM r ANTI JOIN same s ON s.rid = r.rid) a
  JOIN (SELECT *, row_number() OVER (PARTITION BY k ORDER BY gid) AS n FROM g ANTI JOIN same s ON s.gid = g.gid) b
    ON b.k = a.k AND b.n = a.n
)
SELECT rid, gid, getvariable('roster_step')::TINYINT AS step FROM same
UNION ALL
SELECT rid, gid, getvariable('roster_step')::TINYINT FROM other;

SET VARIABLE roster_step = 1;
INSERT INTO roster_pair SELECT * FROM roster_step_pair;
SET VARIABLE roster_step = 2;
INSERT INTO roster_pair SELECT * FROM roster_step_pair;
SET VARIABLE roster_step = 3;
INSERT INTO roster_pair SELECT * FROM roster_step_pair;

-- Every roster row with the record it was paired with (record_* NULL when none). same_school: the record is
-- at the row's school (人籍一致), else at another (人籍分离). A row whose school has no code (a name two
-- schools of the list share, or one not in it) is at the record's school when the list names that school so.
CREATE OR REPLACE TABLE roster_match AS
SELECT q.source_file, q.source_row, q.school_code, q.school_name, q.grade, q.class_name, q.name, q.sex, q.birth_date,
       q.id_number, q.student_no, p.step AS match_step, c.source_file AS record_file,
       c.school_code AS record_school, c.student_no AS record_student_no, c.grade AS record_grade, c.status AS record_status,
       c.school_code IS NOT DISTINCT FROM q.school_code
         OR (q.school_code IS NULL AND EXISTS (SELECT 1 FROM schools s WHERE s.school_code = c.school_code AND s.school_name = q.school_name)) AS same_school
FROM roster_row q
LEFT JOIN roster_pair p ON p.rid = q.rid
LEFT JOIN record_row c ON c.gid = p.gid;

-- The records judged for 空挂学籍 (status 在校 or empty, at a school that sent a roster), and whether no
-- roster row was paired with them: REGISTERED_NOT_ATTENDING's findings and summary.json roster's counts.
CREATE OR REPLACE TABLE roster_judged_record AS
SELECT c.source_file, c.source_row, c.school_code, NOT EXISTS (SELECT 1 FROM roster_pair p WHERE p.gid = c.gid) AS unpaired
FROM record_row c
WHERE c.in_school AND c.school_code IN (SELECT school_code FROM roster WHERE school_code IS NOT NULL);
