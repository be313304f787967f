-- Shared SQL for the continuation rules and continuation.csv, run independently of prelude.sql (perhaps
-- on another connection: the prelude's files build independent tables): reads only input tables.

-- Every candidate a new-student-list entry has among the preschool records (学籍接续, seed 001): the same
-- ID (exact when the name is the same too), or the same 姓名+性别+出生日期 with another or an empty ID.
-- candidate_key: the candidate's key for continuation.csv (学前学籍号, else ID, else file#row for the bureau).
-- A table of its own: CONTINUATION_PENDING names the candidates of its entries from it.
CREATE OR REPLACE TABLE new_student_candidate AS
WITH p AS (SELECT *, coalesce(preschool_no, id_number, source_file || '#' || source_row) AS candidate_key FROM preschool)
-- Two equi-joins, not one join on an OR (which would compare every pair).
SELECT n.source_file, n.source_row, p.name = n.name AS exact, p.candidate_key, p.source_file AS p_file, p.source_row AS p_row
FROM new_students n JOIN p ON p.id_number = n.id_number
UNION ALL
SELECT n.source_file, n.source_row, false, p.candidate_key, p.source_file, p.source_row
FROM new_students n JOIN p ON p.name = n.name AND p.sex = n.sex AND p.birth_date = n.birth_date
WHERE n.id_number IS NULL OR p.id_number IS NULL OR p.id_number <> n.id_number;

-- Every new-student-list entry against its candidates:
-- MATCHED = exactly one preschool record with the same ID and the same name;
-- PENDING = otherwise, but candidates exist (same ID other name; same name+性别+出生日期 with other or
--           empty ID; or several exact matches); NOT_FOUND = no candidate at all.
-- A table (several rules and continuation.csv read it, from several connections).
-- The candidates are listed in (file, row) order; list_sort of (file, row, key) structs gives that order at
-- a third of the cost of an ordered aggregate (list(… ORDER BY …)) on a city's 85,000 entries.
CREATE OR REPLACE TABLE new_student_match AS
WITH per_entry AS (
  SELECT source_file, source_row, count(*) FILTER (WHERE exact) AS exact_matches,
         list_transform(list_sort(list({'f': p_file, 'r': p_row, 'k': candidate_key})), c -> c.k) AS candidates
  FROM new_student_candidate GROUP BY source_file, source_row
)
SELECT n.*, coalesce(e.exact_matches, 0) AS exact_matches, coalesce(e.candidates, []) AS candidates,
       CASE WHEN e.exact_matches = 1 THEN 'MATCHED' WHEN len(e.candidates) > 0 THEN 'PENDING' ELSE 'NOT_FOUND' END AS match_status
FROM new_students n LEFT JOIN per_entry e USING (source_file, source_row);
