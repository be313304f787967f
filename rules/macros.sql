-- Macros shared by the store and the rule files. Run once when the store is created, before anything is
-- loaded: the registry's load computes its ID facts with them (pipeline/id-facts.ts). Knows no rule by name.

-- 居民身份证 numbers are checked against GB 11643 (also when the type is empty but a number is there);
-- passports and 港澳台 documents are not.
CREATE OR REPLACE MACRO id_is_resident(id_type) AS
  id_type IS NULL OR replace(id_type, ' ', '') IN ('居民身份证', '身份证', '居民身份证号码', '中华人民共和国居民身份证', '大陆居民身份证');

-- MOD 11-2 over the first 17 digits, given as one BIGINT: integer arithmetic is several times faster than
-- taking the digits out of the text one by one (and a list lambda per row is slower still).
CREATE OR REPLACE MACRO gb11643_check_digit_of(n) AS
  substr('10X98765432', ((n // 10000000000000000 % 10) * 7 + (n // 1000000000000000 % 10) * 9 + (n // 100000000000000 % 10) * 10 + (n // 10000000000000 % 10) * 5 + (n // 1000000000000 % 10) * 8 + (n // 100000000000 % 10) * 4 + (n // 10000000000 % 10) * 2 + (n // 1000000000 % 10) * 1 + (n // 100000000 % 10) * 6 + (n // 10000000 % 10) * 3 + (n // 1000000 % 10) * 7 + (n // 100000 % 10) * 9 + (n // 10000 % 10) * 10 + (n // 1000 % 10) * 5 + (n // 100 % 10) * 8 + (n // 10 % 10) * 4 + (n // 1 % 10) * 2) % 11 + 1, 1);

-- The same from the ID text, for rule files (the registry's load uses the BIGINT form, cast once per row).
CREATE OR REPLACE MACRO gb11643_check_digit(id) AS gb11643_check_digit_of(TRY_CAST(substr(id, 1, 17) AS BIGINT));

CREATE OR REPLACE MACRO id_birth(id) AS TRY_CAST(try_strptime(substr(id, 7, 8), '%Y%m%d') AS DATE);

CREATE OR REPLACE MACRO date_text(d) AS strftime(d, '%Y-%m-%d');

-- Why a resident ID number is not a valid GB 11643 number; NULL when it is. `digits17` is its first 17
-- characters as a BIGINT and `birth` is id_birth(id), computed once by the caller (a macro argument is
-- expanded, and so computed again, wherever it is used).
CREATE OR REPLACE MACRO id_problem(id, digits17, birth, damaged, as_of) AS CASE
  WHEN damaged THEN '身份证件号码被 Excel 当作数字保存，第16–18位已变成 000（原号码已损坏），须以文本格式重新录入'
  WHEN NOT regexp_full_match(id, '\d{17}[\dX]') THEN '身份证件号码应为18位（17位数字加1位校验码），实际为' || length(id) || '位' || CASE WHEN regexp_full_match(id, '[\dX]*') THEN '' ELSE '且含非法字符' END
  WHEN substr(id, 1, 2) NOT IN ('11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
                                '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
                                '71', '81', '82', '83')
    THEN '身份证件号码前两位省级行政区划代码 ' || substr(id, 1, 2) || ' 不存在'
  WHEN birth IS NULL OR year(birth) < 1900 THEN '身份证件号码中的出生日期 ' || substr(id, 7, 8) || ' 不是真实日期'
  WHEN birth > as_of THEN '身份证件号码中的出生日期 ' || date_text(birth) || ' 晚于核查基准日 ' || date_text(as_of)
  WHEN gb11643_check_digit_of(digits17) <> substr(id, 18, 1) THEN '身份证件号码校验码错误（按 GB 11643 第18位应为 ' || gb11643_check_digit_of(digits17) || '，实际为 ' || substr(id, 18, 1) || '）'
END;

CREATE OR REPLACE MACRO grade_name(g) AS CASE
  WHEN g BETWEEN 1 AND 9 THEN ['一', '二', '三', '四', '五', '六', '七', '八', '九'][g] || '年级'
  WHEN g BETWEEN 10 AND 12 THEN '高' || ['一', '二', '三'][g - 9]
END;

-- Mobile 1[3-9]xxxxxxxxx or landline 0 + 9..11 digits, after normalisation (spaces, dashes, +86 gone).
CREATE OR REPLACE MACRO phone_valid(p) AS regexp_full_match(coalesce(p, ''), '1[3-9]\d{9}|0\d{9,11}');

CREATE OR REPLACE MACRO guardian_yes(v) AS upper(trim(coalesce(v, ''))) IN ('是', 'Y', 'YES', '1', 'TRUE', '√', '是监护人');


-- A date text with a year and a month but no day (2014-03, 2014年3月, 201403): what an 出生年月 column may hold.
CREATE OR REPLACE MACRO month_only(raw) AS regexp_full_match(raw, '\d{4}\s*([-/.年]\s*\d{1,2}\s*月?|\d{2})');
