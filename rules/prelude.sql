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

-- Which optional columns each registry file had (a rule must not judge a column a file lacks).
CREATE OR REPLACE VIEW registry_file_columns AS
SELECT source_file,
       bool_or(table_name = 'registry' AND column_name = 'photo') AS has_photo,
       bool_or(table_name = 'registry' AND column_name = 'hukou') AS has_hukou,
       bool_or(table_name = 'registry' AND column_name = 'address') AS has_address
FROM source_columns GROUP BY source_file;

-- On-site head counts against the registry, per school (× grade when the headcount row has 年级).
-- registry = current records with status 在校 or empty; diff = registry − onsite; ratio = diff / registry.
CREATE OR REPLACE VIEW headcount_cell AS
WITH onsite AS (
  SELECT school_code, grade, sum(onsite) AS onsite,
         first(source_file ORDER BY source_file, source_row) AS source_file,
         first(source_row ORDER BY source_file, source_row) AS source_row
  FROM headcounts WHERE school_code IS NOT NULL GROUP BY school_code, grade
), counted AS (
  SELECT school_code, grade, count(*) AS n FROM registry WHERE status IS NULL OR status = '在校' GROUP BY school_code, grade
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
