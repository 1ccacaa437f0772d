/**
 * The template workbook (examples/template.xlsx) evaluated outside Excel: HyperFormula computes every sheet
 * once with the built functions (dist/functions.js) and once with the engine oracle; every formula's value
 * must be the same, none an error, and the template must use every PATENT.* function.
 */
import ExcelJS from "exceljs";
import * as path from "path";
import type { Sheets } from "hyperformula";
import { loadFunctions, readMetadata, type CustomFunction, type Metadata } from "./bundle";
import { evaluate } from "./hyperformula";
import { ORACLE } from "./oracle";

const TEMPLATE = path.resolve(__dirname, "../../examples/template.xlsx");
const DAY_MS = 86_400_000;

/** The form Excel stores an add-in function in → the form a formula is typed in. */
const typed = (formula: string) => formula.replace(/_xldudf_PATENT_([A-Z_]+)\(/g, "PATENT.$1(");

interface Template {
  sheets: Sheets;
  /** Every formula cell: sheet, 0-based row and column, formula as typed. */
  formulas: { sheet: string; row: number; col: number; formula: string }[];
}

async function readTemplate(): Promise<Template> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(TEMPLATE);
  const sheets: Sheets = {};
  const formulas: Template["formulas"] = [];
  wb.eachSheet((ws) => {
    const grid: (string | number | boolean | null)[][] = [];
    ws.eachRow({ includeEmpty: true }, (excelRow, r) => {
      const cells: (string | number | boolean | null)[] = [];
      excelRow.eachCell({ includeEmpty: true }, (cell, c) => {
        const v = cell.value;
        let content: string | number | boolean | null = null;
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
  return { sheets, formulas };
}

let template: Template;
let metadata: Metadata;
let fns: Map<string, CustomFunction>;

beforeAll(async () => {
  template = await readTemplate();
  metadata = readMetadata();
  fns = loadFunctions();
});

test("the template uses every PATENT.* function, stored as Excel stores an add-in's functions", () => {
  const used = new Set(
    template.formulas.flatMap((f) => [...f.formula.matchAll(/PATENT\.([A-Z_]+)\(/g)].map((m) => m[1])),
  );
  expect([...used].sort()).toEqual(metadata.functions.map((f) => f.id).sort());
});

test("has one sheet per award item with a pro-rata column", () => {
  for (const item of ["P1", "P2", "P3", "P4"]) {
    const name = Object.keys(template.sheets).find((s) => s.startsWith(item))!;
    expect(template.formulas.some((f) => f.sheet === name && f.formula.includes("PATENT.PRORATA("))).toBe(true);
  }
});

test("every formula has the same value with the built functions as with the engine, and none is an error", () => {
  const built = evaluate(template.sheets, metadata.functions, (id) => fns.get(id)!);
  const engine = evaluate(template.sheets, metadata.functions, (id) => ORACLE[id]);
  expect(template.formulas.length).toBeGreaterThan(50);
  for (const { sheet, row, col, formula } of template.formulas) {
    const value = built[sheet][row][col];
    const where = `${sheet} row ${row + 1} col ${col + 1}: ${formula}`;
    expect({ where, value }).toEqual({ where, value: engine[sheet][row][col] });
    expect({ where, type: typeof value }).toEqual({ where, type: expect.stringMatching(/number|string|boolean/) });
  }
  // Spilled pro-rata cells too: they hold no formula of their own.
  expect(built).toEqual(engine);
});

test("the template's data is valid, and each pro-rata column pays min(budget, claims) in total", () => {
  const built = evaluate(template.sheets, metadata.functions, (id) => fns.get(id)!);
  for (const { sheet, row, col, formula } of template.formulas) {
    if (/VALID\(/.test(formula)) expect({ formula, value: built[sheet][row][col] }).toEqual({ formula, value: true });
  }
  const proRatas = template.formulas.filter((f) => f.formula.includes("PATENT.PRORATA("));
  expect(proRatas).toHaveLength(4);
  for (const { sheet, row, col, formula } of proRatas) {
    const [, claimsCol, first, last, item] = /PRORATA\(([A-Z])(\d+):[A-Z](\d+),PATENT\.BUDGET\("(P\d)"\)\)/.exec(
      formula,
    )!;
    const rows = built[sheet].slice(Number(first) - 1, Number(last));
    const claims = rows.map((r) => r[claimsCol.charCodeAt(0) - 65] as number);
    const paid = built[sheet].slice(row, row + rows.length).map((r) => r[col] as number);
    const total = (xs: number[]) => xs.reduce((a, x) => a + Math.round(x * 100), 0);
    expect(total(paid)).toBe(Math.min(total(claims), Math.round((ORACLE.BUDGET(item) as number) * 100)));
  }
});
