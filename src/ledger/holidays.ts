/**
 * The user's holiday list (issue 10 item 8): a 节假日 sheet in the workbook, or the command's --holidays file
 * (.xlsx or .csv), with the columns 日期 and 类型. Each date is a day off (节假日, 休息, 休, 放假) or a working
 * weekend day (调休, 上班, 班, 补班, 工作日); these override and extend the package's calendar for the dates they
 * list (src/engine/publicity.ts). Dates are read in every form the ledger reader takes (parseDate).
 */
import type { DayKind } from "../engine/publicity";
import type { CellValue } from "../engine/types";
import { isBlank, parseDate, toHalfWidth } from "../engine/values";
import { cellAt, columnLetter, hasContent, scanHeader, type Grid } from "./grid";
import type { RowProblem } from "./read";

/** The names a holiday sheet goes by. */
const HOLIDAY_SHEETS = new Set(["节假日", "节假日安排", "法定节假日"]);

export function isHolidaySheet(name: string): boolean {
  return HOLIDAY_SHEETS.has(name.trim());
}

const DATE_HEADERS = new Set(["日期", "date"]);
const KIND_HEADERS = new Set(["类型", "类别", "type", "kind"]);

const OFF = new Set(["节假日", "假日", "休息", "休", "放假", "假", "holiday", "off"]);
const WORK = new Set(["调休", "调休上班", "上班", "班", "补班", "工作日", "workday", "work"]);

export interface HolidayRead {
  /** The sheet (or file) the days were read from. */
  sheet: string;
  days: Map<string, DayKind>;
  /** Rows that could not be read: a date, a type, or one date given both types. */
  problems: RowProblem[];
}

const key = (v: CellValue) =>
  typeof v === "string" ? toHalfWidth(v).replace(/\s+/g, "").toLowerCase() : typeof v === "number" ? String(v) : "";

function kindOf(v: CellValue): DayKind | undefined {
  const k = key(v);
  return OFF.has(k) ? "holiday" : WORK.has(k) ? "workday" : undefined;
}

/** The header row of a holiday list: the columns 日期 and 类型 side by side in one of the first rows. */
function holidayHeader(grid: Grid) {
  return scanHeader(grid, (row) => {
    const date = row.findIndex((v) => DATE_HEADERS.has(key(v)));
    const kind = row.findIndex((v) => KIND_HEADERS.has(key(v)));
    return date >= 0 && kind >= 0 ? { score: 2, found: { date, kind } } : undefined;
  });
}

/** Reads a holiday sheet: its header row (日期, 类型) among the first rows, then one date a row; blank rows skipped. */
export function readHolidays(grid: Grid): HolidayRead {
  const read: HolidayRead = { sheet: grid.name, days: new Map(), problems: [] };
  if (!hasContent(grid)) return read;
  const header = holidayHeader(grid);
  if (!header) {
    read.problems.push({
      sheet: grid.name,
      row: 1,
      zh: `“${grid.name}”找不到表头：需要“日期”和“类型”两列（类型填 节假日 或 调休）`,
      en: `"${grid.name}" has no header row: it needs the columns 日期 (date) and 类型 (type: 节假日 or 调休)`,
    });
    return read;
  }
  const { date, kind } = header.found;
  for (let r = header.row + 1; r < grid.cells.length; r++) {
    const [d, k] = [cellAt(grid, r, date), cellAt(grid, r, kind)];
    if (isBlank(d) && isBlank(k)) continue;
    const at = (column: number, name: string) => ({
      sheet: grid.name,
      row: r + 1,
      column: columnLetter(column),
      header: name,
    });
    const iso = parseDate(d);
    if (!iso.ok) {
      read.problems.push({
        ...at(date, "日期"),
        zh: `应为${iso.expected.zh}`,
        en: `expected ${iso.expected.en}`,
      });
      continue;
    }
    const type = kindOf(k);
    if (!type) {
      read.problems.push({
        ...at(kind, "类型"),
        zh: "应为 节假日（休息）或 调休（上班）",
        en: "expected 节假日 (a day off) or 调休 (a working weekend day)",
      });
      continue;
    }
    const earlier = read.days.get(iso.value);
    if (earlier !== undefined && earlier !== type) {
      read.problems.push({
        ...at(kind, "类型"),
        zh: `${iso.value} 既列为节假日又列为调休`,
        en: `${iso.value} is listed both as a day off and as a working day`,
      });
      continue;
    }
    read.days.set(iso.value, type);
  }
  return read;
}

/**
 * A CSV file's text as a grid (RFC 4180: quoted fields, "" in quotes, CRLF or LF; a comma, a Chinese comma or a
 * tab between fields; a byte-order mark dropped). Pure: the command reads the file and decodes it.
 */
export function csvGrid(text: string, name: string): Grid {
  const s = text.replace(/^\uFEFF/, "");
  const firstLine = s.split(/\r?\n/, 1)[0] ?? "";
  const sep = firstLine.includes(",") ? "," : firstLine.includes("\t") ? "\t" : firstLine.includes("，") ? "，" : ",";
  const cells: CellValue[][] = [];
  let row: CellValue[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === sep) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      cells.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    cells.push(row);
  }
  return { name, cells: cells.map((r) => r.map((v) => (v === "" ? null : v))) };
}

/** The sheet of a holiday workbook to read: one named 节假日, else the first whose header has 日期 and 类型. */
export function holidayGrid(grids: Grid[]): Grid | undefined {
  return grids.find((g) => isHolidaySheet(g.name)) ?? grids.find((g) => holidayHeader(g) !== undefined);
}
