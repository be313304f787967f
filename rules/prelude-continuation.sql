-- Shared SQL for the continuation rules and continuation.csv, run beside prelude.sql (on another
-- connection, as the two build independent tables): reads only input tables.

-- Every new-student-list entry against the preschool records (学籍接续, seed 001):
-- MATCHED = exactly one preschool record with the same ID and the same name;
-- PENDING = otherwise, but candidates exist (same ID other name; same name+性别+出生日期 with other or
--           empty ID; or several exact matches); NOT_FOUND = no candidate at all.
-- A table (several rules and continuation.csv read it, from several connections).
CREATE OR REPLACE TABLE new_student_match AS
-- candidates: each candidate's key for continuation.csv (学前学籍号, else ID, else file#row for the bureau);
-- candidate_labels: the same candidates as a school's fix-list names them (幼儿园, name, 学前学籍号 or ID;
-- never a bureau file path).
WITH candidate AS (
  SELECT *, coalesce(preschool_no, id_number, source_file || '#' || source_row) AS candidate_key,
         coalesce(kindergarten, '幼儿园不明') || ' ' || name || coalesce('，学前学籍号 ' || preschool_no, '，证件号 ' || id_number, '') AS candidate_label
  FROM preschool
), pairs AS (
  -- Two equi-joins, not one join on an OR (which would compare every pair).
  SELECT n.source_file, n.source_row, p.name = n.name AS exact, p.candidate_key, p.candidate_label,
         p.source_file AS p_file, p.source_row AS p_row
  FROM new_students n JOIN candidate p ON p.id_number = n.id_number
  UNION ALL
  SELECT n.source_file, n.source_row, false, p.candidate_key, p.candidate_label, p.source_file, p.source_row
  FROM new_students n JOIN candidate p ON p.name = n.name AND p.sex = n.sex AND p.birth_date = n.birth_date
  WHERE n.id_number IS NULL OR p.id_number IS NULL OR p.id_number <> n.id_number
), per_entry AS (
  SELECT source_file, source_row, count(*) FILTER (WHERE exact) AS exact_matches,
         list(candidate_key ORDER BY p_file, p_row) AS candidates,
         list(candidate_label ORDER BY p_file, p_row) AS candidate_labels
  FROM pairs GROUP BY source_file, source_row
)
SELECT n.*, coalesce(e.exact_matches, 0) AS exact_matches, coalesce(e.candidates, []) AS candidates,
       coalesce(e.candidate_labels, []) AS candidate_labels,
       CASE WHEN e.exact_matches = 1 THEN 'MATCHED' WHEN len(e.candidates) > 0 THEN 'PENDING' ELSE 'NOT_FOUND' END AS match_status
FROM new_students n LEFT JOIN per_entry e USING (source_file, source_row);
