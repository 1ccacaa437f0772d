/**
 * The template workbook (examples/template.xlsx) evaluated outside Excel: HyperFormula computes every sheet
 * once with the built functions (dist/functions.js) and once with the engine oracle; every formula's value
 * must be the same, none an error, and the template must use every PATENT.* function. Then what a clerk sees:
 * the first sheet explaining #NAME?, one row per patent with the unit cap across a unit's rows, dropdowns, a
 * note on every formula column, pro rata over the budget left; earlier payouts kept in one 已兑付 sheet that the
 * item sheets sum (SUMIFS) and the balancer reads, so the template's formulas and the balancer (run in-process on
 * the template, --no-reallocate) agree on each unit's capped amount and each item's money and payouts; and the
 * committed file is what examples/make-template.js writes now.
 */
import ExcelJS from "exceljs";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Sheets } from "hyperformula";
import { loadFunctions, readMetadata, type CustomFunction, type ExcelArg, type Metadata } from "./bundle";
import { evaluate } from "./hyperformula";
import { ORACLE } from "./oracle";
import { main, type Io } from "../../src/cli/main";

const ROOT = path.resolve(__dirname, "../..");
const TEMPLATE = path.join(ROOT, "examples/template.xlsx");
const MAKER = path.join(ROOT, "examples/make-template.js");
const DAY_MS = 86_400_000;
const ITEMS = ["P1", "P2", "P3", "P4"] as const;
const PAID_SHEET = "已兑付";

/** The form Excel stores an add-in function in → the form a formula is typed in. */
const typed = (formula: string) => formula.replace(/_xldudf_PATENT_([A-Z_]+)\(/g, "PATENT.$1(");

type Content = string | number | boolean | null;

interface Template {
  workbook: ExcelJS.Workbook;
  sheets: Sheets;
  /** Every formula cell: sheet, 0-based row and column, formula as typed. */
  formulas: { sheet: string; row: number; col: number; formula: string }[];
}

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function readTemplate(wb: ExcelJS.Workbook): Template {
  const sheets: Sheets = {};
  const formulas: Template["formulas"] = [];
  wb.eachSheet((ws) => {
    const grid: Content[][] = [];
    ws.eachRow({ includeEmpty: true }, (excelRow, r) => {
      const cells: Content[] = [];
      excelRow.eachCell({ includeEmpty: true }, (cell, c) => {
        const v = cell.value;
        let content: Content = null;
        if (v && typeof v === "object" && "formula" in v && v.formula) {
          content = `=${typed(v.formula)}`;
          formulas.push({ sheet: ws.name, row: r - 1, col: c - 1, formula: content });
        } else if (v instanceof Date) {
          content = (v.getTime() - Date.UTC(1899, 11, 30)) / DAY_MS;
        } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
          content = v;
        }
        cells[c - 1] = content;
      });
      grid[r - 1] = Array.from(cells, (x) => x ?? null);
    });
    sheets[ws.name] = Array.from(grid, (x) => x ?? []);
  });
  return { workbook: wb, sheets, formulas };
}

/** A note as exceljs reads it back: a string, or rich text. */
function noteText(cell: ExcelJS.Cell): string {
  const note = cell.note as string | { texts?: { text: string }[] } | undefined;
  if (note === undefined) return "";
  return typeof note === "string" ? note : (note.texts ?? []).map((t) => t.text).join("");
}

const fen = (x: number) => Math.round(x * 100);
const sumFen = (xs: number[]) => xs.reduce((a, x) => a + fen(x), 0);
const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** An item sheet's layout, found from its cells: the budget block, the header row, its columns by header. */
interface ItemSheet {
  name: string;
  item: (typeof ITEMS)[number];
  ws: ExcelJS.Worksheet;
  /** 0-based rows. */
  blockLabelRow: number;
  headerRow: number;
  /** 0-based columns by header text. */
  col: Record<string, number>;
  /** 0-based first and last data rows (those with formulas). */
  first: number;
  last: number;
}

function itemSheets(t: Template): ItemSheet[] {
  return ITEMS.map((item) => {
    const name = Object.keys(t.sheets).find((s) => s.startsWith(item))!;
    const grid = t.sheets[name] as Content[][];
    const blockLabelRow = grid.findIndex((r) => r.includes("已兑付（前批次）"));
    const headerRow = grid.findIndex((r) => r[0] === "序号");
    const col: Record<string, number> = {};
    grid[headerRow].forEach((h, i) => {
      if (typeof h === "string") col[h] = i;
    });
    const rows = t.formulas.filter((f) => f.sheet === name && f.row > headerRow).map((f) => f.row);
    return {
      name,
      item,
      ws: t.workbook.getWorksheet(name)!,
      blockLabelRow,
      headerRow,
      col,
      first: Math.min(...rows),
      last: Math.max(...rows),
    };
  });
}

/** Rows with a claimant (申报单位), as the evaluated sheet gives them. */
function claimRows(s: ItemSheet, values: unknown[][]): unknown[][] {
  return values.slice(s.first, s.last + 1).filter((r) => r[s.col["申报单位"]] !== "" && r[s.col["申报单位"]] != null);
}

/** The 已兑付 sheet: its header row (0-based), columns by header, and the payouts listed (0-based rows). */
function paidSheet(t: Template) {
  const grid = t.sheets[PAID_SHEET] as Content[][];
  const headerRow = grid.findIndex((r) => r[0] === "奖补项目");
  const col: Record<string, number> = {};
  grid[headerRow].forEach((h, i) => {
    if (typeof h === "string") col[h] = i;
  });
  const payouts = grid.flatMap((r, row) =>
    row > headerRow && typeof r[col["奖补项目"]] === "string" && r[col["奖补项目"]] !== ""
      ? [
          {
            row,
            item: r[col["奖补项目"]] as string,
            name: r[col["单位名称"]] as string,
            code: (r[col["统一社会信用代码"]] ?? "") as string,
            amount: r[col["兑付金额（元）"]] as number,
          },
        ]
      : [],
  );
  return { grid, headerRow, col, payouts };
}

/** The template evaluated with some sheets replaced (the built functions). */
function evaluateWith(changes: Sheets): Record<string, unknown[][]> {
  return evaluate({ ...template.sheets, ...changes }, metadata.functions, (id) => fns.get(id)!);
}

/** 已兑付 with its listed payouts replaced by `rows` (its formula cells kept). */
function paidSheetWith(rows: Content[][]): Content[][] {
  const { grid, headerRow, col } = paidSheet(template);
  const inputs = ["奖补项目", "单位名称", "统一社会信用代码", "专利号/备案号/登记号", "兑付金额（元）"].map(
    (h) => col[h],
  );
  return grid.map((r, i) => {
    if (i <= headerRow) return r;
    const out = [...r];
    for (const c of inputs) out[c] = rows[i - headerRow - 1]?.[inputs.indexOf(c)] ?? null;
    return out;
  });
}

let template: Template;
let items: ItemSheet[];
let metadata: Metadata;
let fns: Map<string, CustomFunction>;
let built: Record<string, unknown[][]>;

beforeAll(async () => {
  template = readTemplate(await readWorkbook(TEMPLATE));
  items = itemSheets(template);
  metadata = readMetadata();
  fns = loadFunctions();
  built = evaluate(template.sheets, metadata.functions, (id) => fns.get(id)!);
});

describe("使用说明, the first sheet", () => {
  let text: string;
  beforeAll(() => {
    text = (template.sheets[template.workbook.worksheets[0].name] as Content[][])
      .flat()
      .filter((x) => typeof x === "string")
      .join("\n");
  });

  test("is first, and says what the template is", () => {
    expect(template.workbook.worksheets[0].name).toBe("使用说明");
    expect(text).toMatch(/每件专利一行/);
    for (const { name } of items) expect(text).toContain(name);
  });

  test("says what #NAME? means and how to load the add-in, in the words of docs/安装与使用.md", () => {
    const guide = fs.readFileSync(path.join(ROOT, "docs/安装与使用.md"), "utf8");
    expect(text).toMatch(/#NAME\?/);
    expect(text).toMatch(/没有加载.*加载项.*不认识.*#NAME\?/);
    // The add-in's name and the menu paths, as the install guide writes them.
    for (const words of [
      "专利转化奖补",
      "Excel 2021",
      "Microsoft 365 管理中心",
      "集中部署",
      "上传我的加载项",
      "开始 → 加载项 → 更多加载项",
    ]) {
      expect(text).toContain(words);
      expect(guide).toContain(words);
    }
    expect(text).toContain("Ctrl+Alt+F9");
  });

  test("sends WPS users to the release's offline page or command, never to npx (which fails outside the project)", () => {
    expect(text).toMatch(/WPS[^\n]*不能运行/);
    expect(text).toContain("patent-awards.html");
    expect(text).toContain("patent-awards.exe balance 台账.xlsx");
    expect(text).toContain("node patent-awards.cjs balance 台账.xlsx");
    expect(text).not.toContain("npx");
  });
});

/** Ids kept only so older workbooks still compute (RATE is also a built-in's name): a new template uses the new one. */
const FORMER_NAMES = ["RATE"];

test("the template uses every PATENT.* function but the former names, stored as Excel stores an add-in's functions", () => {
  const used = new Set(
    template.formulas.flatMap((f) => [...f.formula.matchAll(/PATENT\.([A-Z_]+)\(/g)].map((m) => m[1])),
  );
  const current = metadata.functions.map((f) => f.id).filter((id) => !FORMER_NAMES.includes(id));
  expect([...used].sort()).toEqual(current.sort());
});

test("a workbook written with the former name =PATENT.RATE computes the same rates as =PATENT.AWARD_RATE", () => {
  const sheet = "目标与参数";
  const former = (template.sheets[sheet] as Content[][]).map((r) =>
    r.map((c) => (typeof c === "string" ? c.replace(/PATENT\.AWARD_RATE\(/g, "PATENT.RATE(") : c)),
  );
  expect(former.flat().filter((c) => typeof c === "string" && c.includes("PATENT.RATE(")).length).toBeGreaterThan(5);
  expect(evaluateWith({ [sheet]: former })[sheet]).toEqual(built[sheet]);
});

test("every formula has the same value with the built functions as with the engine, and none is an error", () => {
  const engine = evaluate(template.sheets, metadata.functions, (id) => ORACLE[id]);
  expect(template.formulas.length).toBeGreaterThan(50);
  for (const { sheet, row, col, formula } of template.formulas) {
    const value = built[sheet][row][col];
    const where = `${sheet} row ${row + 1} col ${col + 1}: ${formula}`;
    if (value !== engine[sheet][row][col] || typeof value === "object") {
      expect({ where, value }).toEqual({ where, value: engine[sheet][row][col] });
      expect({ where, type: typeof value }).toEqual({ where, type: expect.stringMatching(/number|string|boolean/) });
    }
  }
  // Spilled pro-rata cells too: they hold no formula of their own.
  expect(built).toEqual(engine);
});

describe("item sheets: one row per patent", () => {
  test("P1–P4 each have a sheet whose rows are one patent (filing, pledge) each, and valid sample data", () => {
    expect(items.map((s) => s.item)).toEqual([...ITEMS]);
    for (const s of items) {
      // No count column: a row is one claim.
      expect(Object.keys(s.col).filter((h) => /件数|数量/.test(h))).toEqual([]);
      // Rows enough for a batch, not hundreds that print as pages of #NAME? without the add-in.
      expect(s.last - s.first + 1).toBeGreaterThanOrEqual(50);
      expect(s.last - s.first + 1).toBeLessThanOrEqual(100);
      const rows = claimRows(s, built[s.name]);
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const r of rows) {
        expect(r[s.col["代码有效"]]).toBe(true);
        if ("专利号有效" in s.col) expect(r[s.col["专利号有效"]]).toBe(true);
        if ("专利号" in s.col && s.item !== "P4") expect(String(r[s.col["专利号"]])).toMatch(/^ZL\d{12}\.[\dX]$/);
        expect(typeof r[s.col["奖补金额（元）"]]).toBe("number");
      }
    }
  });

  test("blank rows compute nothing and no error", () => {
    for (const s of items) {
      const blank = built[s.name][s.last];
      for (const [header, c] of Object.entries(s.col)) {
        if (header !== "按比例兑付（元）") expect({ header, v: blank[c] ?? "" }).toEqual({ header, v: "" });
      }
    }
  });

  test("a unit's cap is applied across its rows: its rows add up to UNIT_CAP of its awards, each within a fen of its share", () => {
    for (const s of items) {
      const rows = claimRows(s, built[s.name]);
      const units = new Map<string, unknown[][]>();
      for (const r of rows)
        units.set(String(r[s.col["单位标识"]]), [...(units.get(String(r[s.col["单位标识"]])) ?? []), r]);
      let cappedAcrossRows = 0;
      let unitsPaidBefore = 0;
      for (const [unit, unitRows] of units) {
        const awards = unitRows.map((r) => r[s.col["奖补金额（元）"]] as number);
        const total = awards.reduce((a, x) => a + x, 0);
        // What the unit was paid before in this item: 已兑付's payouts of its code (the sample's units all have one).
        const code = String(unitRows[0][s.col["统一社会信用代码"]]);
        const paidBefore = paidSheet(template)
          .payouts.filter((p) => p.item === s.item && p.code === code)
          .reduce((a, p) => a + p.amount, 0);
        for (const r of unitRows)
          expect({ unit, paid: r[s.col["单位往期已兑付（元）"]] }).toEqual({ unit, paid: paidBefore });
        if (paidBefore > 0) unitsPaidBefore++;
        // The engine's cap of the unit's total, less what the unit was paid before.
        const capped = ORACLE.UNIT_CAP(s.item, total, paidBefore) as number;
        const rowsCapped = unitRows.map((r) => r[s.col["封顶后（元）"]] as number);
        const where = `${s.name} ${unit}`;
        expect({ where, sum: sumFen(rowsCapped) }).toEqual({ where, sum: fen(capped) });
        for (const r of unitRows) {
          expect(r[s.col["单位奖补合计（元）"]]).toBe(total);
          expect(r[s.col["单位封顶后（元）"]]).toBe(capped);
        }
        rowsCapped.forEach((x, i) => {
          expect(Math.abs(x * 100 - fen(x))).toBeLessThan(1e-6); // a whole fen
          expect(Math.abs(x - (awards[i] * capped) / total)).toBeLessThanOrEqual(0.01 + 1e-9);
        });
        if (unitRows.length >= 2 && capped < total) cappedAcrossRows++;
      }
      // The sample shows it: a unit with several patents over what its earlier payouts left of its cap.
      expect({ sheet: s.name, cappedAcrossRows: cappedAcrossRows > 0, unitsPaidBefore: unitsPaidBefore > 0 }).toEqual({
        sheet: s.name,
        cappedAcrossRows: true,
        unitsPaidBefore: true,
      });
    }
  });

  test("a new unit whose rows together pass the cap (no earlier payout) is capped once across its rows", () => {
    for (const s of items) {
      const cap = ORACLE.CAP(s.item) as number;
      const grid = (template.sheets[s.name] as Content[][]).map((r) => [...r]);
      const src = grid[s.first];
      // Two new rows of one new unit, each claiming more than half the cap (P4: by its amount; else by copies).
      const code = "91500112MA5UD45678";
      // P4: two pledges of 7,654.321 万元 each pass the cap; else one more patent (filing) than the cap pays for.
      const rate = () =>
        (s.item === "P3" ? ORACLE.RATE("P3", "产品备案") : ORACLE.RATE(s.item, "转让", "发明")) as number;
      const copies = s.item === "P4" ? 2 : Math.ceil(cap / rate()) + 1;
      const added: number[] = [];
      // Below the samples, on rows the template fills with formulas.
      let below = s.first;
      while (grid[below][s.col["申报单位"]] !== null && grid[below][s.col["申报单位"]] !== "") below++;
      expect(below + copies - 1).toBeLessThanOrEqual(s.last);
      for (let k = 0; k < copies; k++) {
        const r = below + k;
        grid[r] = grid[r].map((v, c) => (typeof v === "string" && v.startsWith("=") ? v : c < src.length ? src[c] : v));
        grid[r][s.col["申报单位"]] = "重庆某测试有限公司";
        grid[r][s.col["统一社会信用代码"]] = code;
        if (s.item === "P4") grid[r][s.col["融资金额（万元）"]] = 7654.321;
        added.push(r);
      }
      const values = evaluateWith({ [s.name]: grid })[s.name];
      expect(added.map((r) => values[r][s.col["单位往期已兑付（元）"]])).toEqual(added.map(() => 0));
      const awards = added.map((r) => values[r][s.col["奖补金额（元）"]] as number);
      const capped = added.map((r) => values[r][s.col["封顶后（元）"]] as number);
      const total = awards.reduce((a, x) => a + x, 0);
      expect(total).toBeGreaterThan(cap);
      expect(sumFen(capped)).toBe(fen(ORACLE.UNIT_CAP(s.item, total, 0) as number));
      expect(sumFen(capped)).toBe(fen(cap));
    }
  });
});

describe("dropdowns", () => {
  const listOf = (dv: ExcelJS.DataValidation | undefined) =>
    dv?.type === "list" ? (dv.formulae[0] as string).replace(/^"|"$/g, "").split(",") : undefined;

  test("专利类型, 转化方式 (and 项目 where a sheet has it) have a list over every data row", () => {
    const expected: Record<string, Record<string, string[]>> = {
      P1: { 专利类型: ["发明", "实用新型", "外观设计"], 转化方式: ["转让", "许可", "开放许可", "作价入股"] },
      P2: { 专利类型: ["发明", "实用新型", "外观设计"], 转化方式: ["转让", "许可", "作价入股"] },
      P3: {},
      P4: {},
    };
    for (const s of items) {
      const lists: Record<string, string[]> = {};
      for (const header of ["专利类型", "转化方式", "项目", "奖补项目"]) {
        if (!(header in s.col)) continue;
        for (let r = s.first; r <= s.last; r++) {
          const list = listOf(s.ws.getCell(r + 1, s.col[header] + 1).dataValidation);
          lists[header] ??= list!;
          expect({ sheet: s.name, header, row: r + 1, list }).toEqual({
            sheet: s.name,
            header,
            row: r + 1,
            list: lists[header],
          });
        }
        const dv = s.ws.getCell(s.first + 1, s.col[header] + 1).dataValidation;
        expect(dv.showErrorMessage).toBe(true);
        expect(dv.errorStyle ?? "stop").toBe("stop");
      }
      expect({ sheet: s.name, lists }).toEqual({ sheet: s.name, lists: expected[s.item] });
    }
  });

  test("every word a list offers is one the functions accept, and the award formula handles it", () => {
    const rate = fns.get("AWARD_RATE")!;
    const transfer = fns.get("AWARD_TRANSFER")!;
    for (const s of items.filter((x) => "转化方式" in x.col)) {
      const cell = (h: string) => s.ws.getCell(s.first + 1, s.col[h] + 1);
      const types = listOf(cell("专利类型").dataValidation)!;
      const modes = listOf(cell("转化方式").dataValidation)!;
      const award = template.formulas.find(
        (f) => f.sheet === s.name && f.row === s.first && f.col === s.col["奖补金额（元）"],
      )!.formula;
      for (const type of types) expect(typeof transfer(type, 1, s.item)).toBe("number");
      for (const mode of modes) {
        for (const type of types) expect(typeof rate(s.item as ExcelArg, mode, type)).toBe("number");
        expect(award).toContain(`="${mode}"`);
      }
    }
  });
});

describe("notes", () => {
  test("every formula column's header (and each budget-block label) says what it computes and from which clause", () => {
    for (const s of items) {
      const formulaCols = new Set(
        template.formulas.filter((f) => f.sheet === s.name && f.row >= s.first).map((f) => f.col),
      );
      formulaCols.add(s.col["按比例兑付（元）"]);
      for (const c of formulaCols) {
        const header = (template.sheets[s.name] as Content[][])[s.headerRow][c];
        const note = noteText(s.ws.getCell(s.headerRow + 1, c + 1));
        const where = `${s.name} ${String(header)}`;
        expect({ where, note }).toEqual({ where, note: expect.stringMatching(/§/) });
        // Each PATENT.* function the column uses is named in its note.
        const formula = template.formulas.find((f) => f.sheet === s.name && f.col === c && f.row >= s.first)!.formula;
        for (const [, fn] of formula.matchAll(/PATENT\.([A-Z_]+)\(/g)) {
          expect({ where, note }).toEqual({ where, note: expect.stringContaining(`PATENT.${fn}`) });
        }
      }
      const blockFormulas = template.formulas.filter((f) => f.sheet === s.name && f.row === s.blockLabelRow + 1);
      expect(blockFormulas.length).toBeGreaterThanOrEqual(5);
      for (const f of blockFormulas) {
        expect(noteText(s.ws.getCell(s.blockLabelRow + 1, f.col + 1))).toMatch(/§/);
      }
    }
  });

  test("the other sheets' formula columns have a note too", () => {
    for (const name of ["公示", "目标与参数"]) {
      const ws = template.workbook.getWorksheet(name)!;
      const cols = new Set(template.formulas.filter((f) => f.sheet === name && f.row >= 3).map((f) => f.col));
      for (const c of cols) expect(noteText(ws.getCell(3, c + 1))).toMatch(/PATENT\./);
    }
  });
});

describe("pro rata over the budget left", () => {
  /** The PRORATA formula of a sheet, parsed: claims range and budget cell. */
  function proRataOf(s: ItemSheet) {
    const found = template.formulas.filter((f) => f.sheet === s.name && f.formula.includes("PATENT.PRORATA("));
    expect(found).toHaveLength(1);
    const [f] = found;
    const [, claimsCol, first, , last, budgetCol, budgetRow] =
      /PRORATA\(([A-Z]+)(\d+):([A-Z]+)(\d+),\$?([A-Z]+)\$?(\d+)\)/.exec(f.formula)!;
    return {
      ...f,
      claimsCol: colIndex(claimsCol),
      first: Number(first) - 1,
      last: Number(last) - 1,
      budget: { row: Number(budgetRow) - 1, col: colIndex(budgetCol) },
    };
  }

  test("each item's PRORATA spreads its 封顶后 column over what is left: BUDGET(item) − 已兑付（前批次）, summed from 已兑付", () => {
    for (const s of items) {
      const p = proRataOf(s);
      expect(p.col).toBe(s.col["按比例兑付（元）"]);
      expect(p.claimsCol).toBe(s.col["封顶后（元）"]);
      expect([p.first, p.last]).toEqual([s.first, s.last]);
      expect(s.ws.getCell(p.row + 1, p.col + 1).value).toMatchObject({ shareType: "array" });
      const grid = template.sheets[s.name] as Content[][];
      const labels = grid[s.blockLabelRow];
      expect(labels[p.budget.col]).toBe("本批可用预算（元）");
      const budgetCol = labels.indexOf("项目预算（元）");
      const paidCol = labels.indexOf("已兑付（前批次）");
      const at = (c: number) => `${String.fromCharCode(65 + c)}${s.blockLabelRow + 2}`;
      expect(grid[p.budget.row][budgetCol]).toBe(`=PATENT.BUDGET("${s.item}")`);
      expect(grid[p.budget.row][paidCol]).toBe(`=SUMIFS('${PAID_SHEET}'!$E:$E,'${PAID_SHEET}'!$A:$A,"${s.item}")`);
      // …which is 已兑付's payouts of the item.
      const paidBefore = paidSheet(template)
        .payouts.filter((x) => x.item === s.item)
        .reduce((a, x) => a + fen(x.amount), 0);
      expect(fen(built[s.name][p.budget.row][paidCol] as number)).toBe(paidBefore);
      expect(grid[p.budget.row][p.budget.col]).toBe(`=ROUND(MAX(0,${at(budgetCol)}-${at(paidCol)}),2)`);
    }
  });

  test("with nothing paid before (已兑付 empty), each row is paid its 封顶后 (the budgets cover the samples)", () => {
    const evaluated = evaluateWith({ [PAID_SHEET]: paidSheetWith([]) });
    for (const s of items) {
      const values = evaluated[s.name];
      const claims = claimRows(s, values);
      expect(claims.map((r) => r[s.col["单位往期已兑付（元）"]])).toEqual(claims.map(() => 0));
      expect(values[s.blockLabelRow + 1][values[s.blockLabelRow].indexOf("已兑付（前批次）")]).toBe(0);
      const capped = values.slice(s.first, s.last + 1).map((r) => (r[s.col["封顶后（元）"]] || 0) as number);
      const paid = values.slice(s.first, s.last + 1).map((r) => r[s.col["按比例兑付（元）"]] as number);
      expect(sumFen(capped)).toBeLessThanOrEqual(fen(ORACLE.BUDGET(s.item) as number));
      expect(paid.map(fen)).toEqual(capped.map(fen));
    }
  });

  test("with earlier payouts leaving less than the demand, the shares sum to the budget left to the fen, as the engine shares it", () => {
    // Each item paid before to a unit not in this batch (so no unit's cap changes): two thirds of the demand left.
    const noneBefore = evaluateWith({ [PAID_SHEET]: paidSheetWith([]) });
    const demands = new Map(
      items.map((s) => [
        s.item,
        claimRows(s, noneBefore[s.name]).reduce((a, r) => a + (r[s.col["封顶后（元）"]] as number), 0),
      ]),
    );
    const paidBefore = new Map(
      items.map((s) => [
        s.item,
        (fen(ORACLE.BUDGET(s.item) as number) - Math.round((fen(demands.get(s.item)!) * 2) / 3)) / 100,
      ]),
    );
    const evaluated = evaluateWith({
      [PAID_SHEET]: paidSheetWith(
        items.map((s) => [s.item, "重庆某往期单位有限公司", null, null, paidBefore.get(s.item)!]),
      ),
    });
    for (const s of items) {
      const p = proRataOf(s);
      const labels = (template.sheets[s.name] as Content[][])[s.blockLabelRow];
      const budget = ORACLE.BUDGET(s.item) as number;
      const demand = demands.get(s.item)!;
      const left = budget - paidBefore.get(s.item)!;
      expect(paidBefore.get(s.item)!).toBeGreaterThan(0);
      const values = evaluated[s.name];
      expect(fen(values[p.budget.row][p.budget.col] as number)).toBe(fen(left));
      const claims = values.slice(s.first, s.last + 1).map((r) => [r[s.col["封顶后（元）"]] as ExcelArg]);
      const shares = values.slice(s.first, s.last + 1).map((r) => r[p.col] as number);
      expect(sumFen(shares)).toBe(fen(left));
      const budgetLeft = values[p.budget.row][p.budget.col] as number;
      expect(shares).toEqual((ORACLE.PRORATA(claims, budgetLeft) as number[][]).map(([x]) => x));
      // The block's totals and ratio follow.
      const block = (label: string) => values[p.budget.row][labels.indexOf(label)] as number;
      expect(fen(block("按比例兑付合计（元）"))).toBe(fen(left));
      expect(block("兑付比例")).toBeCloseTo(left / demand, 9);
    }
  });
});

describe("已兑付: earlier payouts kept where 一键平衡 and the command read them", () => {
  test("a sheet named 已兑付 with the balancer's headers, a note on each, a P1–P4 dropdown, and sample payouts", () => {
    const { grid, headerRow, col, payouts } = paidSheet(template);
    const ws = template.workbook.getWorksheet(PAID_SHEET)!;
    expect(Object.keys(col)).toEqual([
      "奖补项目",
      "单位名称",
      "统一社会信用代码",
      "专利号/备案号/登记号",
      "兑付金额（元）",
      "核对",
    ]);
    for (const c of Object.values(col)) expect(noteText(ws.getCell(headerRow + 1, c + 1))).toMatch(/§/);
    const rows = template.formulas.filter((f) => f.sheet === PAID_SHEET).map((f) => f.row);
    expect(Math.max(...rows) - Math.min(...rows) + 1).toBeGreaterThanOrEqual(50);
    for (let r = headerRow + 1; r <= Math.max(...rows); r++) {
      const dv = ws.getCell(r + 1, col["奖补项目"] + 1).dataValidation;
      expect({ row: r + 1, list: dv?.formulae?.[0], errorStyle: dv?.errorStyle }).toEqual({
        row: r + 1,
        list: '"P1,P2,P3,P4"',
        errorStyle: "stop",
      });
      expect(ws.getCell(r + 1, col["兑付金额（元）"] + 1).numFmt).toBe("#,##0.00");
    }
    // Every item has a sample payout, and the check column accepts each one.
    expect(new Set(payouts.map((p) => p.item))).toEqual(new Set(ITEMS));
    for (const p of payouts) {
      expect({ row: p.row + 1, check: built[PAID_SHEET][p.row][col["核对"]] }).toEqual({
        row: p.row + 1,
        check: "已计入",
      });
    }
    expect(grid.length).toBeGreaterThan(headerRow + payouts.length);
  });

  test("the check column names what the balancer would refuse", () => {
    const { col } = paidSheet(template);
    const evaluated = evaluateWith({
      [PAID_SHEET]: paidSheetWith([
        ["4", "重庆某公司", null, null, 100],
        ["P4", null, null, null, 100],
        ["P4", "重庆某公司", null, null, "待定"],
        ["P4", "重庆某公司", "91500112MA5U234561", null, 100],
      ]),
    })[PAID_SHEET];
    const { headerRow } = paidSheet(template);
    expect([1, 2, 3, 4].map((i) => evaluated[headerRow + i][col["核对"]])).toEqual([
      "奖补项目应为 P1–P4",
      "请填写单位名称",
      "兑付金额应为数字（元）",
      "统一社会信用代码有误",
    ]);
  });

  test("a unit's earlier payouts count by its code, a payout listed without a code by the row's name, else by name", () => {
    const s = items.find((x) => x.item === "P3")!;
    const grid = (template.sheets[s.name] as Content[][]).map((r) => [...r]);
    const coded = s.first; // 重庆某电子有限公司, with its code
    const nameOnly = s.last; // a blank row with the template's formulas
    grid[nameOnly] = grid[nameOnly].map((v, c) => (typeof v === "string" && v.startsWith("=") ? v : grid[coded][c]));
    grid[nameOnly][s.col["申报单位"]] = "重庆某无代码有限公司";
    grid[nameOnly][s.col["统一社会信用代码"]] = null;
    const name = grid[coded][s.col["申报单位"]];
    const code = grid[coded][s.col["统一社会信用代码"]];
    const evaluated = evaluateWith({
      [s.name]: grid,
      [PAID_SHEET]: paidSheetWith([
        ["P3", name, code, null, 1000],
        ["P3", name, null, null, 200], // no code: joins the coded unit of that name, as the balancer joins it
        ["P2", name, code, null, 5000], // another item: not this one's
        ["P3", "重庆某无代码有限公司", null, null, 300],
        ["P3", "重庆某无代码有限公司", null, null, 40],
      ]),
    });
    const values = evaluated[s.name];
    expect(values[coded][s.col["单位往期已兑付（元）"]]).toBe(1200);
    expect(values[coded + 1][s.col["单位往期已兑付（元）"]]).toBe(1200); // the unit's other row: the same
    expect(values[nameOnly][s.col["单位往期已兑付（元）"]]).toBe(340);
    const labels = values[s.blockLabelRow];
    expect(values[s.blockLabelRow + 1][labels.indexOf("已兑付（前批次）")]).toBe(1540);
  });
});

describe("the balancer agrees with the template", () => {
  interface JsonRow {
    sheet: string;
    row: number;
    item: string;
    status: string;
    capped: string;
    payout: string;
    reasons: unknown[];
  }
  interface JsonItem {
    id: string;
    budget: string;
    prior: string;
    priorReceived: string;
    priorReleased: string;
    demand: string;
    available: string;
    paid: string;
  }
  let result: { items: JsonItem[]; rows: JsonRow[]; moves: unknown[] };
  let run: { code: number; err: string };
  const yuanFen = (s: string) => Math.round(Number(s) * 100);

  beforeAll(async () => {
    // The product's own balance, in-process, on the committed template, without moving money between items.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "template-balance-"));
    try {
      const json = path.join(dir, "result.json");
      let err = "";
      const io: Io = { out: () => undefined, err: (s) => (err += s), errIsTTY: false };
      const code = await main(["balance", TEMPLATE, "--json", json, "--no-reallocate"], io);
      run = { code, err };
      if (code === 0) result = JSON.parse(fs.readFileSync(json, "utf8"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("it balances the template, reads 已兑付 completely and rejects no row", () => {
    expect(run.err).not.toMatch(/无法读取|cannot be read/);
    expect(run.code).toBe(0);
    // Every payout of 已兑付 is in the balancer's 已兑付 of its item: none was skipped.
    const { payouts } = paidSheet(template);
    for (const item of ITEMS) {
      const listed = payouts.filter((p) => p.item === item).reduce((a, p) => a + fen(p.amount), 0);
      expect({ item, prior: yuanFen(result.items.find((i) => i.id === item)!.prior) }).toEqual({ item, prior: listed });
    }
    // Each claim row of the template is a row of the result, paid; and no other row.
    const claims = items.flatMap((s) =>
      built[s.name]
        .map((r, i) => ({ r, i }))
        .filter(
          ({ r, i }) => i >= s.first && i <= s.last && r[s.col["申报单位"]] !== "" && r[s.col["申报单位"]] != null,
        )
        .map(({ i }) => `${s.name}!${i + 1}`),
    );
    expect(result.rows.map((r) => `${r.sheet}!${r.row}`).sort()).toEqual([...claims].sort());
    for (const r of result.rows)
      expect({ at: `${r.sheet}!${r.row}`, status: r.status }).toEqual({ at: `${r.sheet}!${r.row}`, status: "paid" });
    expect(result.moves).toEqual([]);
  });

  test("each unit's capped amount (封顶后 over its rows) is the balancer's, to the fen; each row within a fen", () => {
    let units = 0;
    for (const s of items) {
      const values = built[s.name];
      const byUnit = new Map<string, { template: number; balancer: number }>();
      for (const r of result.rows.filter((x) => x.sheet === s.name)) {
        const row = values[r.row - 1];
        const unit = String(row[s.col["单位标识"]]);
        const sums = byUnit.get(unit) ?? { template: 0, balancer: 0 };
        sums.template += fen(row[s.col["封顶后（元）"]] as number);
        sums.balancer += yuanFen(r.capped);
        byUnit.set(unit, sums);
        const at = `${s.name}!${r.row}`;
        expect({ at, capped: Math.abs(fen(row[s.col["封顶后（元）"]] as number) - yuanFen(r.capped)) <= 1 }).toEqual({
          at,
          capped: true,
        });
        expect({
          at,
          payout: Math.abs(fen(row[s.col["按比例兑付（元）"]] as number) - yuanFen(r.payout)) <= 1,
        }).toEqual({
          at,
          payout: true,
        });
      }
      for (const [unit, sums] of byUnit) {
        const where = `${s.name} ${unit}`;
        expect({ where, capped: sums.template }).toEqual({ where, capped: sums.balancer });
        units++;
      }
    }
    // Every unit of every item sheet was compared.
    const templateUnits = items.flatMap((s) => [
      ...new Set(claimRows(s, built[s.name]).map((r) => `${s.name} ${String(r[s.col["单位标识"]])}`)),
    ]);
    expect(units).toBe(templateUnits.length);
  });

  test("each item's money, demand and paid total are the balancer's (without moves), P4 over its budget left", () => {
    const compared: Record<string, unknown> = {};
    for (const s of items) {
      const values = built[s.name];
      const labels = values[s.blockLabelRow];
      const block = (label: string) => fen(values[s.blockLabelRow + 1][labels.indexOf(label)] as number);
      const it = result.items.find((i) => i.id === s.item)!;
      const template = {
        budget: block("项目预算（元）"),
        prior: block("已兑付（前批次）"),
        left: block("本批可用预算（元）"),
        demand: block("封顶后合计（元）"),
        paid: block("按比例兑付合计（元）"),
      };
      const balancer = {
        budget: yuanFen(it.budget),
        prior: yuanFen(it.prior),
        // The item's money: budget − paid before + received before − released before (none moved here).
        left: yuanFen(it.available),
        demand: yuanFen(it.demand),
        paid: yuanFen(it.paid),
      };
      expect(yuanFen(it.priorReceived) - yuanFen(it.priorReleased)).toBe(0);
      expect({ item: s.item, ...template }).toEqual({ item: s.item, ...balancer });
      compared[s.item] = template;
    }
    // The sample shows it: P4's earlier payouts leave less than its demand, so it is paid pro rata.
    const p4 = compared.P4 as { left: number; demand: number; paid: number };
    expect(p4.demand).toBeGreaterThan(p4.left);
    expect(p4.paid).toBe(p4.left);
  });
});

test("money cells are formatted #,##0.00", () => {
  for (const s of items) {
    const moneyCols = Object.entries(s.col).filter(([h]) => h.includes("（元）"));
    expect(moneyCols.length).toBeGreaterThanOrEqual(5);
    for (const [header, c] of moneyCols) {
      for (const r of [s.first, s.first + 7, s.last]) {
        expect({ header, fmt: s.ws.getCell(r + 1, c + 1).numFmt }).toEqual({ header, fmt: "#,##0.00" });
      }
    }
    const labels = (template.sheets[s.name] as Content[][])[s.blockLabelRow];
    labels.forEach((label, c) => {
      if (typeof label === "string" && label.includes("元")) {
        expect(s.ws.getCell(s.blockLabelRow + 2, c + 1).numFmt).toBe("#,##0.00");
      }
    });
  }
});

test("the committed template is what examples/make-template.js writes now", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "template-"));
  try {
    const fresh = path.join(dir, "template.xlsx");
    execFileSync(process.execPath, [MAKER, fresh], { cwd: ROOT, stdio: "pipe" });
    const describeBook = (wb: ExcelJS.Workbook) =>
      wb.worksheets.map((ws) => {
        const cells: unknown[] = [];
        ws.eachRow({ includeEmpty: false }, (row) =>
          row.eachCell({ includeEmpty: false }, (cell) =>
            cells.push([cell.address, cell.value, cell.numFmt, noteText(cell), cell.dataValidation]),
          ),
        );
        return { name: ws.name, merges: ws.model.merges, cells };
      });
    const committed = describeBook(template.workbook);
    const regenerated = describeBook(await readWorkbook(fresh));
    expect(regenerated.map((s) => s.name)).toEqual(committed.map((s) => s.name));
    for (let i = 0; i < committed.length; i++) expect(regenerated[i]).toEqual(committed[i]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
