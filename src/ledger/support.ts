/**
 * Support projects (专利转化支持项目, §二(二)5–8) are funded by plan, not claimed row by row: a funding
 * plan sheet (资金计划) says what each undertaking unit (承担单位) is to receive, and an indicators sheet
 * (绩效指标, 结题验收) what each unit reports against its tasks. Neither is a ledger; both are optional.
 */
import Decimal from "decimal.js";
import type { FundingPlanLine, IndicatorReport } from "../engine/support";
import type { AmountUnit, BalanceOptions, CellValue, SupportItemId } from "../engine/types";
import { isBlank, normaliseName, parseAmount, parseYesNo, toHalfWidth } from "../engine/values";
import { supportCommitted } from "../engine/support";
import type { Policy, SupportItem, SupportTask } from "../policy/policy";
import {
  cellAt,
  cellText,
  columnLetter,
  HEADER_SCAN_ROWS,
  isBlankRow,
  isTotalLine,
  scanHeader,
  type Grid,
} from "./grid";
import { supportItemOf } from "./item";
import { SUPPORT_HEADERS } from "./synonyms";
import { normaliseHeader } from "./headers";
import type { LedgerRead } from "./ledger";
import type { RowProblem } from "./read";

/** A funding plan: a sheet name holding 资金计划, 支持项目 or 立项. */
export function isFundingPlanSheet(name: string): boolean {
  return /资金计划|支持项目|立项/.test(name);
}

/** Indicators reported at acceptance (结题验收, §三(二)3): 绩效指标, 验收 or 结题 in the sheet name. */
export function isIndicatorSheet(name: string): boolean {
  return /绩效指标|验收|结题/.test(name);
}

type SupportField = keyof typeof SUPPORT_HEADERS;

const FIELD_NAMES: Record<SupportField, string> = {
  item: "项目",
  unit: "承担单位",
  amount: "支持金额",
  task: "指标",
  value: "完成值",
};

interface Column {
  index: number;
  column: string;
  header: string;
  unit?: AmountUnit;
}

function supportColumns(headers: CellValue[]): Partial<Record<SupportField, Column>> {
  const found: Partial<Record<SupportField, Column>> = {};
  for (let index = 0; index < headers.length; index++) {
    const cell = headers[index];
    if (isBlank(cell)) continue;
    const { key, unit } = normaliseHeader(cell);
    const field = (Object.keys(SUPPORT_HEADERS) as SupportField[]).find((f) => SUPPORT_HEADERS[f].includes(key));
    if (field && !found[field]) found[field] = { index, column: columnLetter(index), header: cellText(cell), unit };
  }
  return found;
}

type Table<F extends SupportField> = { headerRow: number; cols: Record<F, Column> };

/** The first of the top rows that names every field wanted; a problem naming them when none does. */
function findTable<F extends SupportField>(
  grid: Grid,
  fields: F[],
  what: { zh: string; en: string },
): Table<F> | RowProblem {
  const found = scanHeader(grid, (cells) => {
    const cols = supportColumns(cells);
    return fields.every((f) => cols[f]) ? { score: 1, found: cols as Record<F, Column> } : undefined;
  });
  if (found) return { headerRow: found.row, cols: found.found };
  const names = fields.map((f) => `“${FIELD_NAMES[f]}”`).join("");
  return {
    sheet: grid.name,
    row: 1,
    zh: `${what.zh}“${grid.name}”：前 ${HEADER_SCAN_ROWS} 行中找不到含${names}的表头`,
    en: `${what.en} "${grid.name}": no header with ${names} in the first ${HEADER_SCAN_ROWS} rows`,
  };
}

function supportItems(policy: Policy): SupportItem[] {
  return policy.items.filter((i): i is SupportItem => i.kind === "support");
}

/** Reads data rows below a header, skipping blank and 合计 rows; `flag` records a cell that cannot be read. */
function eachRow<F extends SupportField>(
  grid: Grid,
  table: Table<F>,
  read: (r: number, flag: (c: Column, zh: string, en: string) => void) => void,
): RowProblem[] {
  const problems: RowProblem[] = [];
  const indexes = Object.values<Column>(table.cols).map((c) => c.index);
  const unit = (table.cols as Partial<Record<SupportField, Column>>).unit;
  for (let r = table.headerRow + 1; r < grid.cells.length; r++) {
    const claimant = unit ? [unit.index] : [];
    if (isBlankRow(grid, r, indexes) || isTotalLine(grid, r, claimant, claimant)) continue;
    read(r, (c, zh, en) => problems.push({ sheet: grid.name, row: r + 1, column: c.column, header: c.header, zh, en }));
  }
  return problems;
}

/** The row's support item, or a problem saying what the cell should hold. */
function rowItem(
  grid: Grid,
  r: number,
  col: Column,
  policy: Policy,
  flag: (c: Column, zh: string, en: string) => void,
): SupportItemId | undefined {
  const v = cellAt(grid, r, col.index);
  const item = supportItemOf(v, policy);
  if (item) return item;
  const ids = supportItems(policy)
    .map((i) => i.id)
    .join("、");
  const what = cellText(v);
  flag(
    col,
    what
      ? `支持项目“${what}”无法识别，本行未读入：应为 ${ids}、其序号或项目名称`
      : `支持项目为空，本行未读入：应为 ${ids}`,
    what
      ? `support item "${what}" not recognised, row not read: expected ${ids}, its number or its name`
      : `support item is blank, row not read: expected ${ids}`,
  );
  return undefined;
}

/**
 * A funding plan (§二(二)5–8): one line per item and undertaking unit, the amount in 元 (万元 when the
 * header says so). A line whose item or amount cannot be read is a problem, not a guess; a blank unit
 * name is left to the plan check, which names it.
 */
export function readFundingPlan(grid: Grid, policy: Policy): { plan: FundingPlanLine[]; problems: RowProblem[] } {
  const table = findTable(grid, ["item", "unit", "amount"], { zh: "资金计划表", en: "Funding plan" });
  if (!("cols" in table)) return { plan: [], problems: [table] };
  const { item, unit, amount } = table.cols;
  const plan: FundingPlanLine[] = [];
  const problems = eachRow(grid, table, (r, flag) => {
    const id = rowItem(grid, r, item, policy, flag);
    const parsed = parseAmount(cellAt(grid, r, amount.index), amount.unit ?? "yuan");
    if (!parsed.ok) {
      flag(
        amount,
        `支持金额应为${parsed.expected.zh}，本行未读入`,
        `support amount: expected ${parsed.expected.en}; row not read`,
      );
    }
    if (!id || !parsed.ok) return;
    plan.push({
      item: id,
      unit: cellText(cellAt(grid, r, unit.index)),
      amount: parsed.value,
      ref: { sheet: grid.name, row: r + 1 },
    });
  });
  return { plan, problems };
}

/** A task's name or id as a key: half-width, no spaces, no bracketed note, lower case. */
function taskKey(s: string): string {
  return toHalfWidth(s)
    .replace(/[([【〔（][^)\]】〕）]*[)\]】〕）]/g, "")
    .replace(/\s+/g, "")
    .toLowerCase();
}

function findTask(item: SupportItem, v: CellValue): SupportTask | undefined {
  const key = taskKey(cellText(v));
  return key === "" ? undefined : item.tasks.find((t) => taskKey(t.id) === key || taskKey(t.name) === key);
}

type Reported = { ok: true; value: number | boolean | number[] } | { ok: false; zh: string; en: string };

const NUMBER = /^\d+(?:\.\d+)?$/;

/** A figure as written: `55`, `55次`, `1,200`; `2.5%` for a ratio; amounts with 万 or 亿 for 元. */
function reportedFigure(v: CellValue, task: SupportTask): Reported {
  const fail: Reported = { ok: false, zh: "一个数值", en: "a number" };
  if (task.unit === "元") {
    const amount = parseAmount(v, "yuan");
    return amount.ok ? { ok: true, value: amount.value.toNumber() } : { ok: false, ...amount.expected };
  }
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? { ok: true, value: v } : fail;
  if (typeof v !== "string") return fail;
  let s = toHalfWidth(v).replace(/[\s,]/g, "");
  if (task.unit === "ratio") {
    const percent = /^(.*)%$/.exec(s);
    if (percent && NUMBER.test(percent[1]))
      return { ok: true, value: new Decimal(percent[1]).dividedBy(100).toNumber() };
  } else if (task.unit && s.endsWith(task.unit)) {
    s = s.slice(0, -task.unit.length);
  }
  return NUMBER.test(s) ? { ok: true, value: new Decimal(s).toNumber() } : fail;
}

/** The attendance of each event: `60、45、80`, or one number for one event. */
function reportedEvents(v: CellValue): Reported {
  const fail: Reported = {
    ok: false,
    zh: "每场活动的参与人数，如 60、45、80",
    en: "the attendance of each event, e.g. 60, 45, 80",
  };
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? { ok: true, value: [v] } : fail;
  if (typeof v !== "string") return fail;
  const parts = toHalfWidth(v)
    .split(/[、,，;；\s]+/)
    .filter((p) => p !== "")
    .map((p) => p.replace(/人$/, ""));
  return parts.length > 0 && parts.every((p) => /^\d+$/.test(p)) ? { ok: true, value: parts.map(Number) } : fail;
}

function reported(v: CellValue, task: SupportTask): Reported {
  if (task.min === undefined) {
    const yes = parseYesNo(v);
    return yes.ok ? { ok: true, value: yes.value } : { ok: false, ...yes.expected };
  }
  return task.perEventMin !== undefined ? reportedEvents(v) : reportedFigure(v, task);
}

/**
 * Indicators at acceptance (结题验收): one row per unit and task — item, undertaking unit, task (its id or
 * its name in the policy), the value done. A blank value is left for the check to call missing; a task
 * reported twice for one unit keeps its first row.
 */
export function readIndicators(grid: Grid, policy: Policy): { reports: IndicatorReport[]; problems: RowProblem[] } {
  const table = findTable(grid, ["item", "unit", "task", "value"], { zh: "绩效指标表", en: "Indicators" });
  if (!("cols" in table)) return { reports: [], problems: [table] };
  const { item, unit, task, value } = table.cols;
  const reports = new Map<string, IndicatorReport>();
  const firstRow = new Map<string, number>();
  const problems = eachRow(grid, table, (r, flag) => {
    const id = rowItem(grid, r, item, policy, flag);
    const name = cellText(cellAt(grid, r, unit.index));
    if (name === "") flag(unit, "承担单位为空，本行未读入", "undertaking unit is blank, row not read");
    if (!id || name === "") return;
    const spec = supportItems(policy).find((i) => i.id === id)!;
    const taskCell = cellAt(grid, r, task.index);
    const found = findTask(spec, taskCell);
    if (!found) {
      flag(
        task,
        `指标“${cellText(taskCell)}”不是 ${id} 的任务，本行未读入：应为其任务编号或名称（${spec.tasks.map((t) => t.name).join("、")}）`,
        `"${cellText(taskCell)}" is not a task of ${id}, row not read: expected a task id or name (${spec.tasks.map((t) => t.id).join(", ")})`,
      );
      return;
    }
    // One unit however its name is spaced or its brackets are written (§6).
    const key = `${id}\u0000${normaliseName(name)}`;
    const report = reports.get(key) ?? { item: id, unit: name, values: {} };
    reports.set(key, report);
    const taskKeyOfUnit = `${key}\u0000${found.id}`;
    const first = firstRow.get(taskKeyOfUnit);
    if (first !== undefined) {
      flag(
        task,
        `${name} 的“${found.name}”已在第 ${first} 行填报，本行未读入`,
        `${found.id} of ${name} was already reported on row ${first}; row not read`,
      );
      return;
    }
    firstRow.set(taskKeyOfUnit, r + 1);
    const v = cellAt(grid, r, value.index);
    if (isBlank(v)) return;
    const parsed = reported(v, found);
    if (parsed.ok) report.values[found.id] = parsed.value;
    else flag(value, `“${found.name}”的完成值应为${parsed.zh}`, `${found.id}: expected ${parsed.en}`);
  });
  return { reports: [...reports.values()], problems };
}

/**
 * What the ledger adds to a balance beyond its claims: the money the funding plan commits to P5–P8,
 * so that their unspent budget can be moved (§四(三)). The command and the task pane both pass this.
 */
export function supportOptions(read: Pick<LedgerRead, "fundingPlan">): Pick<BalanceOptions, "supportCommitted"> {
  return read.fundingPlan ? { supportCommitted: supportCommitted(read.fundingPlan) } : {};
}
