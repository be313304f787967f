/**
 * The circular (通报) as content, before any format: the bureau line, 文号, title, 主送, the opening,
 * the numbered sections of paragraphs, contact, the list of attachments, signature and date, and the
 * attachment tables as text cells. 通报.html and 通报.docx both render this one value, so the two
 * never say different things.
 */

export interface Paragraph {
  /** A bold opening sentence, as the seed's numbered problems have ("3.部分学校仍然存在违规留级现象。"). */
  lead?: string;
  text: string;
}

export interface CircularSection {
  /** With its number ("一、基本情况"): numbered when the document is assembled, after empty sections are left out. */
  heading: string;
  paragraphs: Paragraph[];
}

export interface CircularTable {
  /** 附件1 */
  label: string;
  title: string;
  /** Each header cell as its lines: a long header takes two ("现场核查" / "学生数"), as in the seed's tables. */
  header: string[][];
  rows: { cells: string[]; total: boolean }[];
  /** Per column: right-aligned figures. */
  numeric: boolean[];
  /** Per column: names (学区, 学校) that must never wrap inside a word. */
  names: boolean[];
  /** Per column, its share of the table's width (sums to 1). */
  widths: number[];
}

export interface CircularDocument {
  /** Issuing body, the red line on top and the signature. */
  bureau: string;
  /** 文号, printed under the bureau line. */
  number?: string;
  title: string;
  /** The title as printed: on two lines where it is too long for one, broken between words. */
  titleLines: string[];
  /** 主送, ending with "：". */
  recipients: string;
  opening: string;
  sections: CircularSection[];
  /** 联系人及电话, printed after the body, before the list of attachments. */
  contact?: string;
  /** The attachments' titles, as the list under the body names them. */
  attachments: string[];
  signature: string;
  /** 印发日期 as written (2025年12月20日). */
  date: string;
  tables: CircularTable[];
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** "一、" … "十、": section numbers as officialese writes them. */
export const sectionNumber = (i: number): string => `${NUMERALS[i] ?? String(i + 1)}、`;

/** A figure, right-aligned in its cell; words in a figure column (合计) are centred like the others. */
export const isFigure = (t: Pick<CircularTable, 'numeric'>, column: number, text: string): boolean => t.numeric[column] && /^[-\d.%—]+$/.test(text);
