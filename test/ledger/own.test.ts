import { promises as fs } from "fs";
/**
 * Issue 16 item 4: which sheets the product wrote (src/ledger/own.ts) — by its mark in 运行记录 and its layouts,
 * never by a name alone — and where each of its sheets goes when a clerk's sheet holds the name.
 */
import path from "path";
import { ownSheets, PRODUCT_SHEETS, type Grid } from "../../src/ledger";
import { planBalance, type BalancedPlan } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import type { Table } from "../../src/report";
import { readWorkbook } from "../../src/xlsx";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");
const policy = defaultPolicy();

/** A table as a sheet holds it once written: title lines, header, rows. */
const asGrid = (t: Table): Grid => ({
  name: t.sheet,
  cells: [...(t.title ?? []).map((line) => [line]), t.columns.map((c) => c.header), ...t.rows],
});

async function balanced(grids: Grid[], lang: "zh" | "en" = "zh"): Promise<BalancedPlan> {
  const facts = { time: new Date("2024-11-01T00:00:00Z"), input: "sample", lang };
  const plan = planBalance(grids, policy, { sheets: {}, options: {} }, facts);
  if (plan.kind !== "balanced") throw new Error(plan.kind);
  return plan;
}

/** The sample's sheets after a run: its ledgers, then the product's sheets as the run wrote them. */
async function resultOf(grids: Grid[], lang: "zh" | "en" = "zh"): Promise<Grid[]> {
  const plan = await balanced(grids, lang);
  const written = new Map(plan.tables.map((t) => [t.sheet, asGrid(t)]));
  return [...grids.filter((g) => !written.has(g.name)), ...written.values()];
}

const sample = async () => (await readWorkbook(await fs.readFile(SAMPLE), SAMPLE)).grids;
const clerks = (name: string): Grid => ({
  name,
  cells: [
    ["我的记录", "备注"],
    ["走访", "无"],
  ],
});

describe("ownSheets", () => {
  test("a workbook with no result: every product sheet goes under its own name, nothing is the product's", async () => {
    const own = ownSheets(await sample());
    expect(own.own.size).toBe(0);
    expect(Object.values(own.names)).toEqual(PRODUCT_SHEETS);
    expect(own.kept).toEqual([]);
  });

  test.each(["zh", "en"] as const)("every sheet a run wrote (%s) is the product's, by its mark", async (lang) => {
    const result = await resultOf(await sample(), lang);
    const { own, kept } = ownSheets(result);
    const written = (await balanced(await sample(), lang)).tables.map((t) => t.sheet);
    expect([...own.keys()].sort()).toEqual([...written].sort());
    expect(kept).toEqual([]);
  });

  test("a clerk's sheet of a product sheet's name is not the product's: the product's is tagged, again next run", async () => {
    const grids = [...(await sample()), clerks("汇总"), clerks("公示名单")];
    const first = ownSheets(grids);
    expect(first.own.size).toBe(0);
    expect([first.names.summary, first.names.publicity, first.names.exceptions]).toEqual([
      "汇总（专利转化奖补）",
      "公示名单（专利转化奖补）",
      "异常清单",
    ]);
    expect(first.kept).toEqual([
      { sheet: "汇总", writtenAs: "汇总（专利转化奖补）" },
      { sheet: "公示名单", writtenAs: "公示名单（专利转化奖补）" },
    ]);
    const again = ownSheets(await resultOf(grids));
    expect(again.own.has("汇总")).toBe(false);
    expect(again.own.get("汇总（专利转化奖补）")).toBe("summary");
    expect(again.names.summary).toBe("汇总（专利转化奖补）");
  });

  test("a tagged name a clerk took too: the next one free", async () => {
    const own = ownSheets([clerks("汇总"), clerks("汇总（专利转化奖补）")]);
    expect(own.names.summary).toBe("汇总（专利转化奖补2）");
  });

  test("the product's layout under a name the mark does not list is the clerk's copy", async () => {
    const result = await resultOf(await sample());
    const summary = result.find((g) => g.name === "汇总")!;
    const copy = { ...summary, name: "汇总（专利转化奖补）" };
    expect(ownSheets([...result, copy]).own.has(copy.name)).toBe(false);
  });

  test("a result written before the mark: its sheets are the product's by their layouts alone", async () => {
    const result = await resultOf(await sample());
    const unmarked = result.map((g) =>
      g.name === "运行记录" ? { ...g, cells: g.cells.filter((_, r) => r !== 1) } : g,
    );
    const { own } = ownSheets(unmarked);
    expect(own.get("汇总")).toBe("summary");
    expect(own.get("运行记录")).toBe("runRecord");
    expect(own.get("累计已兑付")).toBe("cumulative");
    // Without the mark, a 公示名单 that is not the product's layout is the clerk's.
    expect(ownSheets([...unmarked.filter((g) => g.name !== "公示名单"), clerks("公示名单")]).own.has("公示名单")).toBe(
      false,
    );
  });
});
