/**
 * Issue 11 "What changed": a batch balanced, its result laid into the workbook as the writers lay it, one cell
 * corrected, the batch balanced again — 变更 lists exactly the rows whose status or payout changed, each with
 * its cause, and a run that changes nothing says 无变化.
 */
import type { CellValue } from "../../src/engine/types";
import type { Grid } from "../../src/ledger";
import { planBalance, type BalancedPlan, type RowChange, type RunChoices } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import { SHEETS } from "../../src/report";
import { filing, P3_HEADER, P4_HEADER, pledge } from "../hostile/workbooks";
import { withResult } from "../fakes/result";

const policy = defaultPolicy();
const facts = { time: new Date("2024-09-01T00:00:00Z"), input: "ledger.xlsx", lang: "zh" as const };
/** Without reallocation P4 keeps its own budget (800,000 元) and is paid pro rata. */
const choices: RunChoices = { sheets: {}, options: { reallocate: false } };
const SHEET = "专利质押融资";

/**
 * Twelve pledges of 5,000 万 (100,000 元 each: 1,200,000 元 against 800,000), and one unit (enterprise 20)
 * with two pledges of 3,000 万 sharing its 200,000 元 cap. Rows 2–13, then 14 and 15.
 */
function ledger(): Grid[] {
  const unit = { name: "重庆共用上限有限公司", code: null };
  const rows: CellValue[][] = [P4_HEADER];
  for (let n = 1; n <= 12; n++) rows.push(pledge(n, 5000));
  rows.push(pledge(20, 3000, unit), pledge(21, 3000, unit));
  return [{ name: SHEET, cells: rows }];
}

function balanced(grids: Grid[], options: RunChoices = choices, compare?: Grid[]): BalancedPlan {
  const plan = planBalance(
    grids,
    policy,
    options,
    facts,
    undefined,
    compare && { name: "earlier.xlsx", grids: compare },
  );
  if (plan.kind !== "balanced") throw new Error(`not balanced: ${plan.kind}`);
  return plan;
}

function edit(grids: Grid[], row: number, header: string, value: CellValue): Grid[] {
  return grids.map((g) => {
    if (g.name !== SHEET) return g;
    const cells = g.cells.map((r) => [...r]);
    cells[row - 1][P4_HEADER.indexOf(header)] = value;
    return { ...g, cells };
  });
}

/** The rows whose status or payout differ between two results, as `sheet!row`. */
function differing(a: BalancedPlan, b: BalancedPlan): string[] {
  const at = (p: BalancedPlan) => new Map(p.result.rows.map((r) => [r.ref.row, r]));
  const [before, after] = [at(a), at(b)];
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((row) => {
      const [x, y] = [before.get(row), after.get(row)];
      return !x || !y || x.status !== y.status || !x.payout.equals(y.payout);
    })
    .sort((p, q) => p - q)
    .map((row) => `${SHEET}!${row}`);
}

const refs = (rows: RowChange[]) => rows.map((r) => `${r.ref.sheet}!${r.ref.row}`);
const causes = (rows: RowChange[], row: number) => rows.find((r) => r.ref.row === row)!.causes.map((c) => c.zh);
const changesSheet = (plan: BalancedPlan) => plan.tables.find((t) => t.sheet === SHEETS.changes);

const AMOUNT = "融资金额（万元）";

test("a first run compares with nothing and writes no 变更 sheet", () => {
  const plan = balanced(ledger());
  expect(plan.changes).toBeUndefined();
  expect(changesSheet(plan)).toBeUndefined();
  expect(plan.result.items.find((i) => i.id === "P4")!.factor.lessThan(1)).toBe(true);
});

test("a second run on the result with no edits lists no row and says 无变化 in one line", () => {
  const grids = ledger();
  const again = balanced(withResult(grids, balanced(grids)));
  expect(again.changes).toEqual({ rows: [], items: [] });
  expect(changesSheet(again)!.rows).toEqual([["无变化"]]);
  // And the run after that (its 变更 sheet now in the workbook) still says so.
  expect(changesSheet(balanced(withResult(withResult(grids, balanced(grids)), again)))!.rows).toEqual([["无变化"]]);
});

test("one pledge amount corrected: the changed rows exactly, the edited row by its own cells, its unit's other row by the shared cap, the rest by P4's factor", () => {
  const grids = ledger();
  const first = balanced(grids);
  // Row 14 (enterprise 20): 3,000 万 → 9,000 万, 180,000 元; with row 15's 60,000 its unit passes the 200,000 cap.
  const second = balanced(edit(withResult(grids, first), 14, AMOUNT, 9000));
  const changes = second.changes!;
  expect(refs(changes.rows)).toEqual(differing(first, second));
  expect(refs(changes.rows)).toContain(`${SHEET}!15`);
  // The corrected row: 金额更正, its payout before → after, and the award its own cells now claim.
  expect(causes(changes.rows, 14)).toEqual([
    "金额更正：36,363.64 → 85,714.28（奖补金额 60,000.00 → 180,000.00 元）",
    "因项目按比例变化（P4 比例 60.61% → 57.14%）",
  ]);
  // Its unit's other row: paid less because the unit's cap is shared, not because of its own cells.
  expect(causes(changes.rows, 15)[0]).toBe("因本单位其他行变化：36,363.64 → 28,571.43（单位上限共用）");
  expect(causes(changes.rows, 15)).not.toContainEqual(expect.stringContaining("金额更正"));
  // The others by P4's factor (the largest remainder gives some a fen more).
  for (const row of [2, 3, 13]) {
    expect(causes(changes.rows, row)).toEqual([
      expect.stringMatching(/^因项目按比例变化：60,606\.06 → 57,142\.8[56]（P4 比例 60\.61% → 57\.14%）$/),
    ]);
  }
  const row2 = changes.rows.find((r) => r.ref.row === 2)!;
  expect(row2.before!.payout.greaterThan(row2.after!.payout)).toBe(true);
  expect(row2.causes[0].en).toMatch(
    /^the item's pro-rata factor changed: 60,606\.06 → 57,142\.8[56] \(P4 factor 60\.61% → 57\.14%\)$/,
  );

  // Per item: P4's demand rose, paid stayed at its budget; nothing else moved.
  expect(changes.items.map((i) => i.id)).toEqual(["P4"]);
  const p4 = changes.items[0];
  expect([p4.demand.before!.toFixed(2), p4.demand.after.toFixed(2)]).toEqual(["1320000.00", "1400000.00"]);
  expect([p4.paid.before!.toFixed(2), p4.paid.after.toFixed(2)]).toEqual(["800000.00", "800000.00"]);

  // The 变更 sheet: one line a row, then the items under their own header.
  const sheet = changesSheet(second)!;
  expect(sheet.columns.map((c) => c.header)).toEqual([
    "工作表",
    "行",
    "申报单位",
    "项目",
    "原状态",
    "原兑付金额(元)",
    "现状态",
    "现兑付金额(元)",
    "变化原因",
  ]);
  const line14 = sheet.rows.find((r) => r[1] === 14)!;
  expect(line14.slice(0, 5)).toEqual([SHEET, 14, "重庆共用上限有限公司", "P4", "应兑付"]);
  expect(sheet.rows.slice(changes.rows.length)).toEqual([
    [],
    ["项目变化"],
    expect.arrayContaining(["项目", "原本批需求", "现本批需求", "原本批兑付", "现本批兑付"]),
    ["P4", 1320000, 1400000, 0, 0, 0, 0, 800000, 800000],
  ]);
});

test("a row made invalid: paid → 不予兑付 by its own errors; the others by the factor", () => {
  const grids = ledger();
  const first = balanced(grids);
  const second = balanced(edit(withResult(grids, first), 3, AMOUNT, "五千万左右"));
  const changes = second.changes!;
  expect(refs(changes.rows)).toEqual(differing(first, second));
  const row3 = changes.rows.find((r) => r.ref.row === 3)!;
  expect([row3.before!.status, row3.after!.status, row3.after!.payout.toFixed(2)]).toEqual([
    "paid",
    "rejected",
    "0.00",
  ]);
  expect(row3.causes.map((c) => c.zh)).toEqual([
    "更正后不予兑付：60,606.06 → 不予兑付",
    "因项目按比例变化（P4 比例 60.61% → 65.57%）",
  ]);
  expect(row3.causes[0].en).toBe("rejected after correction: 60,606.06 → rejected");
  expect(causes(changes.rows, 2)).toEqual(["因项目按比例变化：60,606.06 → 65,573.77（P4 比例 60.61% → 65.57%）"]);
});

test("compared with another ledger's result, another unit in the same row is gone and new, never credited", () => {
  const earlier = withResult(ledger(), balanced(ledger()));
  // Another ledger: row 2 is claimed by another unit.
  const cells = ledger()[0].cells.map((r) => [...r]);
  cells[1] = pledge(90, 5000);
  const changes = balanced([{ name: SHEET, cells }], choices, earlier).changes!;
  const atRow2 = changes.rows.filter((r) => r.ref.row === 2);
  expect(atRow2.map((r) => [r.claimant, r.before?.status, r.after?.status, r.causes[0].zh])).toEqual([
    ["重庆质押企业1有限公司", "paid", undefined, "撤回：原为 60,606.06（本行已换成另一单位的申报，原申报按撤回处理）"],
    ["重庆质押企业90有限公司", undefined, "paid", "新增申报：60,606.06"],
  ]);
});

test("a row cleared is gone (who claimed it is no longer in the workbook), a row added is new", () => {
  const grids = ledger();
  const first = withResult(grids, balanced(grids));
  const cells = first[0].cells.map((r) => [...r]);
  cells[12] = cells[12].map((v, i) => (i < P4_HEADER.length ? null : v));
  cells.push(pledge(30, 10));
  const changes = balanced([{ ...first[0], cells }, ...first.slice(1)]).changes!;
  const gone = changes.rows.find((r) => r.ref.row === 13)!;
  expect([gone.before?.status, gone.after, gone.claimant, gone.causes[0].zh]).toEqual([
    "paid",
    undefined,
    "",
    "撤回：原为 60,606.06（本行已删除、清空或不再读入）",
  ]);
  const added = changes.rows.find((r) => r.ref.row === 16)!;
  expect([added.before, added.after?.status, added.causes.map((c) => c.en)]).toEqual([
    undefined,
    "paid",
    ["new claim: 131.13"],
  ]);
});

test("options changed: every changed row says which (取整), read from the earlier 运行记录", () => {
  const grids = ledger();
  const first = withResult(grids, balanced(grids));
  const changes = balanced(first, {
    sheets: {},
    options: { reallocate: false, rounding: "yuan" },
  }).changes!;
  expect(changes.rows.length).toBeGreaterThan(0);
  for (const row of changes.rows) {
    expect(row.causes[0].zh).toMatch(/^因政策版本或运行选项变化：[\d,]+\.\d\d → [\d,]+\.00（取整）$/);
  }
});

test("--compare: another workbook's result, the same changes as a second run on it; a workbook with no result is refused", () => {
  const grids = ledger();
  const earlier = withResult(grids, balanced(grids));
  const edited = edit(grids, 14, AMOUNT, 9000);
  const compared = balanced(edited, choices, earlier).changes!;
  const inPlace = balanced(edit(earlier, 14, AMOUNT, 9000)).changes!;
  expect(compared).toEqual(inPlace);
  // A row cleared since: who claimed it is still known, from the earlier workbook.
  const cleared = P4_HEADER.reduce<Grid[]>((g, header) => edit(g, 13, String(header), null), grids);
  const gone = balanced(cleared, choices, earlier).changes!.rows.find((r) => r.ref.row === 13)!;
  expect([gone.claimant, gone.after, gone.causes.map((c) => c.zh)]).toEqual([
    "重庆质押企业12有限公司",
    undefined,
    ["撤回：原为 60,606.06（本行已删除、清空或不再读入）"],
  ]);
  const refused = planBalance(edited, policy, choices, facts, undefined, { name: "--compare ledger.xlsx", grids });
  expect(refused.kind).toBe("refused");
});

test("outputs a host did not read back (the pane below its first read of a large sheet) are not taken for new rows", () => {
  const grids = withResult(ledger(), balanced(ledger()));
  // The pane's read: the output columns (H…M) blank from row 10 down.
  const partial = grids.map((g) =>
    g.name !== SHEET ? g : { ...g, cells: g.cells.map((r, i) => (i < 9 ? r : r.slice(0, P4_HEADER.length))) },
  );
  const plan = planBalance(partial, policy, choices, { ...facts, unreadOutputs: { [SHEET]: { row: 9 } } });
  if (plan.kind !== "balanced") throw new Error(plan.kind);
  expect(plan.changes).toEqual({ rows: [], items: [], notCompared: [{ sheet: SHEET, row: 10 }] });
  expect(changesSheet(plan)!.rows).toEqual([["无变化"], [`${SHEET} 第 10 行起的上次输出列未读回，这些行未比较`]]);
});

describe("变更 says what happened, in a clerk's words, with the row's before → after", () => {
  /** The 变更 sheet's cause for a row, as the clerk reads it. */
  const causeCell = (plan: BalancedPlan, row: number) => {
    const sheet = changesSheet(plan)!;
    const cause = sheet.columns.findIndex((c) => c.header === "变化原因");
    return sheet.rows.find((r) => r[0] === SHEET && r[1] === row)![cause];
  };

  test("a row refused, then corrected by its claimant: 更正后应兑付：不予兑付 → its payout", () => {
    const refused = edit(ledger(), 3, AMOUNT, "五千万左右");
    const first = balanced(refused);
    expect(first.result.rows.find((r) => r.ref.row === 3)!.status).toBe("rejected");
    const second = balanced(edit(withResult(refused, first), 3, AMOUNT, 5000));
    const row3 = second.changes!.rows.find((r) => r.ref.row === 3)!;
    expect(row3.causes[0]).toEqual({
      zh: "更正后应兑付：不予兑付 → 60,606.06",
      en: "paid after correction: rejected → 60,606.06",
    });
    expect(causeCell(second, 3)).toBe(
      "更正后应兑付：不予兑付 → 60,606.06；因项目按比例变化（P4 比例 65.57% → 60.61%）",
    );
    // Never the words of before, which told the clerk only that some error changed.
    expect(causeCell(second, 3)).not.toContain("错误原因");
    // In English when the run is.
    const en = planBalance(edit(withResult(refused, first), 3, AMOUNT, 5000), policy, choices, {
      ...facts,
      lang: "en",
    });
    if (en.kind !== "balanced") throw new Error(en.kind);
    const enSheet = en.tables.find((t) => t.sheet === SHEETS.changes)!;
    expect(enSheet.rows.find((r) => r[1] === 3)!.at(-1)).toBe(
      "paid after correction: rejected → 60,606.06; the item's pro-rata factor changed (P4 factor 65.57% → 60.61%)",
    );
  });

  test("a row held (one name, two codes), its code corrected: 更正后应兑付：暂缓兑付 → its payout", () => {
    const name = "重庆两个代码有限公司";
    const grids = ledger();
    const cells = grids[0].cells.map((r) => [...r]);
    cells[1] = pledge(1, 5000, { name });
    cells[2] = pledge(2, 5000, { name });
    const held = [{ name: SHEET, cells }];
    const first = balanced(held);
    expect(first.result.rows.filter((r) => r.ref.row <= 3).map((r) => r.status)).toEqual(["held", "held"]);
    // The clerk finds row 3's code mistyped: it is row 2's.
    const code = P4_HEADER.indexOf("统一社会信用代码");
    const second = balanced(edit(withResult(held, first), 3, "统一社会信用代码", cells[1][code]));
    expect(causes(second.changes!.rows, 2)[0]).toMatch(/^更正后应兑付：暂缓兑付 → [\d,]+\.\d\d$/);
    expect(causes(second.changes!.rows, 3)[0]).toMatch(/^更正后应兑付：暂缓兑付 → [\d,]+\.\d\d$/);
  });

  test("money moved between items changed: 因资金调剂变化 with the item's moves before → after", () => {
    // Forty pledges of 100,000 元 (4,000,000) against P4's budget and P1–P3's unspent money: paid pro rata.
    const pledges: CellValue[][] = [P4_HEADER, ...Array.from({ length: 40 }, (_, i) => pledge(i + 1, 5000))];
    const filings = (n: number): Grid => ({
      name: "专利产品备案",
      cells: [
        P3_HEADER,
        ...Array.from({ length: n }, (_, i) => filing(i + 1, `BA2024${String(i + 1).padStart(4, "0")}`)),
      ],
    });
    const reallocate: RunChoices = { sheets: {}, options: {} };
    const grids = [{ name: SHEET, cells: pledges }, filings(1)];
    const first = balanced(grids, reallocate);
    // A second product filing: P3 spends more, so less is moved to P4.
    const again = withResult(grids, first).map((g) => (g.name === "专利产品备案" ? filings(2) : g));
    const second = balanced(again, reallocate);
    const p4 = (plan: BalancedPlan) => plan.result.items.find((i) => i.id === "P4")!;
    expect(p4(second).received.lessThan(p4(first).received)).toBe(true);
    const row2 = causes(second.changes!.rows, 2);
    expect(row2[0]).toMatch(
      /^因资金调剂变化：[\d,]+\.\d\d → [\d,]+\.\d\d（P4 本批调入 [\d,]+\.\d\d → [\d,]+\.\d\d 元）$/,
    );
    expect(row2[1]).toMatch(/^因项目按比例变化（P4 比例 \d+\.\d\d% → \d+\.\d\d%）$/);
    // The new filing is a new claim.
    const added = second.changes!.rows.find((r) => r.ref.sheet === "专利产品备案")!;
    expect(added.causes[0].zh).toMatch(/^新增申报：[\d,]+\.\d\d$/);
  });
});
