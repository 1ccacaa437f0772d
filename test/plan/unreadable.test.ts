/**
 * Issue 15 item 6, "No sheet dropped quietly" (LEDGER.md "A ledger sheet is read, or the run stops"): a sheet that
 * looks like a ledger and cannot be read stops the balance, naming the column missing and the header nearest to it;
 * mapping that column pays the sheet as before. A sheet with no sign of a ledger is skipped, and listed.
 */
import { readFileSync } from "fs";
import { PERFORMANCE_ITEMS } from "../../src/engine/types";
import { FIELD_LABELS, type Grid } from "../../src/ledger";
import { planBalance, type Plan, type RunChoices } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import { SHEETS } from "../../src/report";
import { readWorkbook } from "../../src/xlsx";
import { SAMPLE, SAMPLE_TYPOS, withTypos } from "../support/typos";

const policy = defaultPolicy();
const facts = { time: new Date("2024-09-01T00:00:00Z"), input: "sample-ledger.xlsx", lang: "zh" as const };
const NONE: RunChoices = { sheets: {}, options: {} };

let sample: Grid[];
/** Each ledger row's status and payout in the untouched sample. */
let untouched: string[];

function payouts(plan: Plan): string[] {
  if (plan.kind !== "balanced") throw new Error(`not balanced: ${plan.kind}`);
  return plan.result.rows.map((r) => `${r.ref.sheet}!${r.ref.row} ${r.status} ${r.payout.toFixed(2)}`);
}

beforeAll(async () => {
  sample = (await readWorkbook(readFileSync(SAMPLE), SAMPLE)).grids;
  untouched = payouts(planBalance(sample, policy, NONE, facts));
});

describe.each(PERFORMANCE_ITEMS)("%s: a required header with a typo", (item) => {
  const { sheet, headerRow, typos } = SAMPLE_TYPOS[item];

  test.each(typos.map((t) => [t.typo, t] as const))(
    "%s stops the balance, naming the column and the nearest header; mapping it pays as before",
    (_, typo) => {
      const grids = withTypos(sample, sheet, headerRow, [typo]);
      const stopped = planBalance(grids, policy, NONE, facts);
      expect(stopped.kind).toBe("unreadable");
      if (stopped.kind !== "unreadable") return;
      expect(stopped.sheets).toHaveLength(1);
      const [problem] = stopped.sheets;
      expect(problem).toMatchObject({
        sheet,
        code: "MISSING_COLUMNS",
        headerRow,
        missing: [typo.field],
        nearest: { [typo.field]: { column: typo.column, header: typo.typo } },
      });
      expect(problem.zh).toContain(`表头在第 ${headerRow} 行`);
      expect(problem.zh).toContain(`${FIELD_LABELS[typo.field].zh}（最接近的是 ${typo.column} 列“${typo.typo}”？）`);
      expect(problem.en).toContain(`${FIELD_LABELS[typo.field].en} (nearest: column ${typo.column} "${typo.typo}"?)`);

      const mapped = { sheets: { [sheet]: { columns: { [typo.field]: typo.column } } }, options: {} };
      expect(payouts(planBalance(grids, policy, mapped, facts))).toEqual(untouched);
    },
  );

  test("every required header with a typo: each column named, each mapped back", () => {
    const grids = withTypos(sample, sheet, headerRow, typos);
    const stopped = planBalance(grids, policy, NONE, facts);
    if (stopped.kind !== "unreadable") throw new Error(stopped.kind);
    expect(stopped.sheets[0].missing).toEqual(expect.arrayContaining(typos.map((t) => t.field)));
    const columns = Object.fromEntries(typos.map((t) => [t.field, t.column]));
    expect(payouts(planBalance(grids, policy, { sheets: { [sheet]: { columns } }, options: {} }, facts))).toEqual(
      untouched,
    );
  });
});

describe("sheets that are no ledger, and sheets that are", () => {
  const notes: Grid = { name: "填表说明", cells: [["填表说明"], ["1. 金额单位以表头括号内为准。"]] };

  test("a sheet of prose and an empty sheet are skipped, each listed in 运行记录", () => {
    const plan = planBalance([...sample, { name: "Sheet9", cells: [] }], policy, NONE, facts);
    if (plan.kind !== "balanced") throw new Error(plan.kind);
    expect(payouts(plan)).toEqual(untouched);
    const record = plan.tables.find((t) => t.sheet === SHEETS.runRecord)!.rows;
    expect(record).toContainEqual(["已跳过的工作表（填表说明）", expect.stringContaining("不是台账，已跳过")]);
    expect(record).toContainEqual(["已跳过的工作表（Sheet9）", expect.stringContaining("没有内容")]);
  });

  test.each([
    ["its name points to an item", { name: "质押融资（补报）", cells: [["情况说明"], ["见附件"]] }, "表名指向 P4"],
    [
      "two column names in a row",
      {
        name: "Sheet5",
        cells: [
          ["申报单位", "批次"],
          ["甲公司", 1],
        ],
      },
      "第 1 行有 2 个台账列名",
    ],
    [
      "a registration number's column",
      { name: "Sheet4", cells: [["质押登记号"], ["Y2024000500"]] },
      "第 1 行有“质押登记号”列",
    ],
    ["a credit code", { name: "Sheet6", cells: [["附："], ["", "91500112MA0000101J"]] }, "B2 是统一社会信用代码"],
    ["a patent number", { name: "Sheet7", cells: [["清单"], ["ZL200710308494.X"]] }, "A2 是专利号"],
  ])("a sheet with a sign of a ledger (%s) and no header stops the balance, saying why", (_, grid, why) => {
    const plan = planBalance([...sample, notes, grid], policy, NONE, facts);
    expect(plan.kind).toBe("unreadable");
    if (plan.kind !== "unreadable") return;
    expect(plan.sheets.map((p) => [p.sheet, p.code])).toEqual([[grid.name, "NO_HEADER"]]);
    expect(plan.sheets[0].zh).toContain(why);
  });

  test("a sheet whose item cannot be told stops the balance too (it has a header: a sign of a ledger)", () => {
    const sheet: Grid = {
      name: "Sheet8",
      cells: [
        ["申报单位", "专利号", "备案日期"],
        ["丁公司", "ZL200710308494.X", "2024-03-05"],
      ],
    };
    const plan = planBalance([...sample, sheet], policy, NONE, facts);
    expect(plan.kind === "unreadable" && plan.sheets.map((p) => [p.sheet, p.code, p.headerRow])).toEqual([
      ["Sheet8", "NO_ITEM", 1],
    ]);
    // Skipped on purpose, the run goes on.
    expect(
      planBalance([...sample, sheet], policy, { sheets: { Sheet8: { skip: true } }, options: {} }, facts).kind,
    ).toBe("balanced");
  });
});
