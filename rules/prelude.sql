-- Shared SQL for rule files: views over the input tables, using rules/macros.sql. Run before any rule,
-- after SET VARIABLE as_of (DATE) and school_year (INTEGER). Knows no rule by name.

-- Schools with their 学区 (the first listing of a code wins).
CREATE OR REPLACE VIEW school AS
SELECT school_code, first(school_name ORDER BY source_file, source_row) AS school_name, first(district ORDER BY source_file, source_row) AS district
FROM schools WHERE school_code IS NOT NULL GROUP BY school_code;

-- Current records as rules read them: the school's name from the school list where it has the code. The
-- ID facts (id_checked, id_invalid_reason) are registry columns, computed as it was loaded. A view: a
-- table would copy the registry (a city's 400 MB, pushing DuckDB past its memory limit into spilling).
CREATE OR REPLACE VIEW student AS
SELECT r.* REPLACE (coalesce(sc.school_name, r.school_name) AS school_name)
FROM registry r LEFT JOIN school sc ON sc.school_code = r.school_code;

-- Which columns each input file gave the rules (a record is judged only on columns its own file has):
-- its header's own columns, under the input the file was given as, and `family_members` for a registry
-- file whose pupils' family members are given (inline 成员N… columns, or a family export in the campaign).
CREATE OR REPLACE VIEW file_column AS
SELECT file_input, source_file, column_name FROM source_columns WHERE table_name = file_input
UNION
SELECT file_input, source_file, 'family_members' FROM source_columns r
WHERE file_input = 'registry' AND (table_name = 'family' OR EXISTS (SELECT 1 FROM source_columns WHERE file_input = 'family'));

-- The files of `input` that lack what a rule judges. `entries` lists, per thing judged, the columns any one
-- of which will do ([['grade'], ['birth_date', 'id_number']]); `missing` holds the entries a file lacks.
-- The rule runner drops findings on these files' records and counts them as not judged (rules' `judges:`).
CREATE OR REPLACE MACRO files_lacking(input, entries) AS TABLE
SELECT source_file, list_filter(entries, e -> NOT list_has_any(e, columns)) AS missing
FROM (SELECT source_file, list(column_name) AS columns FROM file_column WHERE file_input = input GROUP BY source_file)
WHERE len(list_filter(entries, e -> NOT list_has_any(e, columns))) > 0;

-- Which of the columns judged column by column each registry file had.
CREATE OR REPLACE VIEW registry_file_columns AS
SELECT source_file, bool_or(column_name = 'hukou') AS has_hukou, bool_or(column_name = 'address') AS has_address
FROM file_column WHERE file_input = 'registry' GROUP BY source_file;

-- On-site head counts against the registry, per school (× grade when the headcount row has 年级).
-- registry = current records with status 在校 or empty at a school of the school list (a record at an
-- unknown school, SCHOOL_UNKNOWN, counts for no school); diff = registry − onsite; ratio = diff / registry.
CREATE OR REPLACE VIEW headcount_cell AS
WITH onsite AS (
  SELECT school_code, grade, sum(onsite) AS onsite,
         first(source_file ORDER BY source_file, source_row) AS source_file,
         first(source_row ORDER BY source_file, source_row) AS source_row
  FROM headcounts WHERE school_code IS NOT NULL GROUP BY school_code, grade
), counted AS (
  SELECT school_code, grade, count(*) AS n FROM registry
  WHERE (status IS NULL OR status = '在校') AND school_code IN (SELECT school_code FROM school) GROUP BY school_code, grade
), by_school AS (
  SELECT school_code, sum(n) AS n FROM counted GROUP BY school_code
)
SELECT o.school_code, s.school_name, s.district, o.grade, o.onsite::BIGINT AS onsite,
       (CASE WHEN o.grade IS NULL THEN coalesce(bs.n, 0) ELSE coalesce(c.n, 0) END)::BIGINT AS registry,
       o.source_file, o.source_row
FROM onsite o
LEFT JOIN counted c ON c.school_code = o.school_code AND c.grade = o.grade
LEFT JOIN by_school bs ON bs.school_code = o.school_code
LEFT JOIN school s ON s.school_code = o.school_code;
