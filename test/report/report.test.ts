import Decimal from "decimal.js";
import { onRow } from "../../src/engine/reasons";
import { balance } from "../../src/engine";
import type { BalanceResult, Lang } from "../../src/engine/types";
import { EXCEPTIONS, indexOf, OUTPUT_HEADERS, readLedger, type Grid, type LedgerRead } from "../../src/ledger";
import { defaultPolicy, withOverrides } from "../../src/policy";
import {
  ledgerOutputs,
  printed,
  resultJson,
  summaryTables,
  summaryText,
  type RunInfo,
  type Table,
} from "../../src/report";
import { creditCode, FORMULA_LIKE_NAME, HEADERS, p2Grid, patent } from "./ledgerFixture";

const run: RunInfo = {
  time: "2025-01-20T08:00:00.000Z",
  input: "ledger.xlsx",
  inputSha256: "ab".repeat(32),
  lang: "zh",
  engineVersion: "9.9.9",
};

/** P2's budget cut to 10,000 so the item is paid pro rata (as in CASES #13). */
function balanced(rounding: "fen" | "yuan" = "fen"): { grids: Grid[]; ledger: LedgerRead; result: BalanceResult } {
  const policy = withOverrides(defaultPolicy(), { budgets: { P2: "10000" } });
  const grids = [p2Grid()];
  const ledger = readLedger(grids, policy);
  const result = balance(ledger.claims, policy, { reallocate: false, rounding, priorPayouts: ledger.prior });
  return { grids, ledger, result };
}

function table(tables: Table[], sheet: string): Table {
  const t = tables.find((x) => x.sheet === sheet);
  if (!t) throw new Error(`no ${sheet}`);
  return t;
}

const fen = (n: unknown) => new Decimal(String(n));

describe("ledgerOutputs", () => {
  test("six output columns after the last used column, one row per claim, values from the engine", () => {
    const { grids, ledger, result } = balanced();
    const [out] = ledgerOutputs(result, ledger, grids, "zh");
    expect(out.sheet).toBe("中小微企业受让专利");
    expect(out.headerRow).toBe(2);
    expect(out.startColumn).toBe(HEADERS.length);
    expect(out.columns.map((c) => c.header)).toEqual([...OUTPUT_HEADERS.zh]);
    expect(out.columns.map((c) => c.numFmt)).toEqual([
      "#,##0.00",
      "#,##0.00",
      "0.00%",
      "#,##0.00",
      undefined,
      undefined,
    ]);
    // The ledger's own 合计 line (row 9) carries sums and no status: it is no claim.
    const claimRows = out.rows.filter((r) => r.values[4] !== null);
    expect(claimRows.map((r) => r.row)).toEqual(result.rows.map((r) => r.ref.row));
    expect(out.rows.filter((r) => r.values[4] === null).map((r) => r.row)).toEqual([9]);
    result.rows.forEach((r, i) => {
      const values = claimRows[i].values;
      expect(values[0]).toBe(r.award.toNumber());
      expect(values[3]).toBe(r.payout.toNumber());
      expect(values[4]).toBe(
        { paid: "应兑付", zero: "本批未获兑付", rejected: "不予兑付", duplicate: "重复", held: "暂缓兑付" }[r.status],
      );
      // The row is where the reason stands: the text names the column, not the sheet and row again.
      expect(values[5]).toBe(r.reasons.map((x) => onRow(x, "zh")).join("；"));
      expect(String(values[5])).not.toContain(`第 ${r.ref.row} 行`);
    });
  });

  test("English headers and statuses; whole-元 format when rounding to the 元", () => {
    const { grids, ledger, result } = balanced("yuan");
    const [out] = ledgerOutputs(result, ledger, grids, "en");
    expect(out.columns.map((c) => c.header)).toEqual([...OUTPUT_HEADERS.en]);
    expect(out.columns[3].numFmt).toBe("#,##0");
    expect(new Set(out.rows.map((r) => r.values[4]).filter((v) => v !== null))).toEqual(new Set(["paid", "rejected"]));
  });

  test("in place over an earlier run's output columns", () => {
    const { grids, ledger, result } = balanced();
    const [first] = ledgerOutputs(result, ledger, grids, "zh");
    const grid = grids[0];
    const again: Grid = {
      name: grid.name,
      cells: grid.cells.map((row, r) => {
        const out = first.rows.find((o) => o.row === r + 1);
        if (r + 1 === first.headerRow) return [...row, ...first.columns.map((c) => c.header)];
        return out ? [...row, ...out.values] : row;
      }),
    };
    const policy = withOverrides(defaultPolicy(), { budgets: { P2: "10000" } });
    const ledger2 = readLedger([again], policy);
    const [second] = ledgerOutputs(result, ledger2, [again], "zh");
    expect(second.startColumn).toBe(first.startColumn);
  });
});

describe("summaryTables", () => {
  test("汇总 has the words an earlier run's reader depends on, item rows from the engine, totals to the fen", () => {
    const { ledger, result } = balanced();
    for (const lang of ["zh", "en"] as Lang[]) {
      const summary = table(summaryTables(result, ledger, { ...run, lang }, lang), "汇总");
      expect(summary.columns.map((c) => c.header)).toEqual([
        "项目编号",
        "项目名称",
        "预算",
        "往期已兑付",
        "往期调入",
        "往期调出",
        "本批需求",
        "本批调入",
        "本批调出",
        "本批可用",
        "本批兑付",
        "比例",
      ]);
    }
    const summary = table(summaryTables(result, ledger, run, "zh"), "汇总");
    const p2 = summary.rows.find((r) => r[0] === "P2")!;
    const item = result.items.find((i) => i.id === "P2")!;
    expect(p2[2]).toBe(10000);
    expect(p2[10]).toBe(item.paid.toNumber());
    expect(p2[11]).toBe(item.factor.toNumber());
    const total = summary.rows.find((r) => r[0] === "合计")!;
    const payouts = result.rows.reduce((a, r) => a.plus(r.payout), new Decimal(0));
    expect(fen(total[10]).equals(payouts)).toBe(true);
    expect(payouts.equals(new Decimal(10000))).toBe(true);
    expect(summary.charts).toEqual([
      expect.objectContaining({
        title: "预算/需求/兑付",
        categoryColumn: 0,
        seriesColumns: [2, 6, 10],
        rowCount: result.items.length,
      }),
    ]);
  });

  test("汇总 lists every move below the items", () => {
    const policy = withOverrides(defaultPolicy(), { budgets: { P2: "10000" } });
    const grids = [p2Grid()];
    const ledger = readLedger(grids, policy);
    const result = balance(ledger.claims, policy, {});
    expect(result.moves.length).toBeGreaterThan(0);
    const summary = table(summaryTables(result, ledger, run, "zh"), "汇总");
    const header = summary.rows.findIndex((r) => r[0] === "调出项目");
    expect(summary.rows[header]).toEqual(["调出项目", "调入项目", "金额"]);
    const moves = summary.rows.slice(header + 1, header + 1 + result.moves.length);
    expect(moves).toEqual(result.moves.map((m) => [m.from, m.to, m.amount.toNumber()]));
    // Then the internal sign-off line, the last, written across the table.
    expect(summary.rows.slice(header + 1 + result.moves.length)).toEqual([
      [],
      ["经办人：　　　审核人：　　　分管负责人：　　　主要负责人：　　　日期："],
    ]);
    expect(summary.spans?.rows?.[summary.rows.length - 1]).toMatchObject({ align: "left" });
    // Printed by the one rule (report/print.ts): wide, so landscape; numbered.
    expect(printed(summary, "zh").page).toEqual({ landscape: true, footer: "第 &P 页，共 &N 页" });
  });

  test("汇总's heading: title, issuer, batch in words, 单位：元, the day; a batch never 「未指定」 or a bare 1", () => {
    const { ledger, result } = balanced();
    const policy = defaultPolicy();
    const summary = table(summaryTables(result, ledger, run, "zh", policy), "汇总");
    expect(summary.title!.slice(0, 2)).toEqual([
      "渝北区2024年第一批专利转化绩效奖补资金兑付汇总表",
      "编制单位：重庆市渝北区市场监督管理局　　批次：第一批　　单位：元　　日期：2025年1月20日",
    ]);
    expect(summary.spans?.title?.[0]).toMatchObject({ align: "center", style: "heading" });
    const second = { ...result, options: { ...result.options, batch: 2 } };
    expect(table(summaryTables(second, ledger, run, "zh", policy), "汇总").title![1]).toContain("批次：第二批");
    const cells = [...summary.title!, ...summary.rows.flat()].map(String);
    expect(cells.some((c) => c === "未指定" || c.includes("批次 未指定"))).toBe(false);
    // Item names wrap rather than being cut in print; numbers and their headers alike are right-aligned by format.
    expect(summary.columns[1].wrap).toBe(true);
    const en = table(summaryTables(result, ledger, { ...run, lang: "en" }, "en", policy), "汇总");
    expect(en.title![1]).toBe(
      "Compiled by: 重庆市渝北区市场监督管理局    Batch: 1    Unit: 元    Date: 20 January 2025",
    );
  });

  test("公示名单: units under their item's name, a 小计 per item adding up to the 合计; no item codes, no sign-off", () => {
    const { ledger, result } = balanced();
    const list = table(summaryTables(result, ledger, run, "zh", defaultPolicy()), "公示名单");
    expect(list.columns.map((c) => c.header)).toEqual([
      "序号",
      "单位名称",
      "统一社会信用代码",
      "件数/笔数",
      "兑付金额",
      "备注",
    ]);
    const units = list.rows.filter((r) => typeof r[0] === "number");
    const paidUnits = result.units.filter((u) => u.payout.greaterThan(0));
    expect(units.map((r) => r[1])).toEqual(paidUnits.map((u) => u.name));
    expect(units.map((r) => r[1])).toContain(FORMULA_LIKE_NAME);
    const total = list.rows.find((r) => r[0] === "合计")!;
    expect(fen(total[4]).equals(result.rows.reduce((a, r) => a.plus(r.payout), new Decimal(0)))).toBe(true);
    expect(fen(total[4]).equals(result.totals.awards.paid)).toBe(true);
    expect(units.every((r) => String(r[5]).includes("按比例兑付"))).toBe(true);
    // The item's name once, on a line of its own above its units, then one 小计 adding them up to the fen.
    const group = list.rows.findIndex((r) => r[0] === "一、中小微企业接受高校院所、国有企业专利转让许可");
    expect(list.spans?.rows?.[group]).toMatchObject({ align: "left", style: "bold" });
    expect(list.rows.indexOf(units[0])).toBe(group + 1);
    const subtotals = list.rows.filter((r) => r[0] === "小计");
    expect(subtotals).toHaveLength(1);
    expect(fen(subtotals[0][4]).equals(Decimal.sum(...units.map((r) => fen(r[4]))))).toBe(true);
    expect(subtotals[0][3]).toBe(units.reduce((n, r) => n + Number(r[3]), 0));
    expect(list.rows.indexOf(subtotals[0])).toBe(list.rows.indexOf(total) - 1);
    const text = [...list.title!, ...list.rows.flat()].map((v) => String(v ?? ""));
    expect(text.filter((t) => /\bP[1-8]\b/.test(t))).toEqual([]);
    expect(text.filter((t) => t.includes("经办人"))).toEqual([]);
    // Without a publicity period: a draft, and the period not set; then objections, issuer and date at the foot.
    expect(list.title![0]).toBe("关于渝北区2024年第一批专利转化绩效奖补拟兑付名单的公示（草稿）");
    expect(list.rows.slice(list.rows.indexOf(total) + 1)).toEqual([
      [],
      ["公示期：未定（本名单为草稿，给出公示开始日期后再公示）。"],
      [
        "公示期内，任何单位和个人如有异议，可以书面形式向本局反映，并提供真实有效的证明材料和联系方式（单位须加盖公章，个人须签署真实姓名）。",
      ],
      [],
      ["重庆市渝北区市场监督管理局"],
      ["2025年1月20日"],
    ]);
    const last = list.rows.length - 1;
    expect([list.spans?.rows?.[last - 1]?.align, list.spans?.rows?.[last]?.align]).toEqual(["right", "right"]);
    expect(printed(list, "zh").page).toEqual({ landscape: true, footer: "第 &P 页，共 &N 页" });
  });

  test("公示名单's heading, review paragraph, period in Chinese dates, the contact; what-if line first; English", () => {
    const { ledger, result } = balanced();
    const policy = defaultPolicy();
    const titled = (r: BalanceResult, info: RunInfo, p = policy) =>
      table(summaryTables(r, ledger, info, "zh", p), "公示名单");
    const published = { ...run, publicity: { start: "2024-09-27", end: "2024-10-09" } };
    const list = titled(result, published);
    expect(list.title).toEqual([
      "关于渝北区2024年第一批专利转化绩效奖补拟兑付名单的公示",
      "根据《关于明确专利转化专项计划支持项目及支持标准的通知》（渝北市监〔2024〕12号），经审查、分管负责人和主要负责人审核、党组会研究，拟对以下单位给予专利转化绩效奖补，现予以公示。",
      "单位：元",
    ]);
    expect(list.spans?.title?.[0]).toMatchObject({ align: "center", style: "heading" });
    expect(list.rows).toContainEqual(["公示期：2024年9月27日至2024年10月9日。"]);
    expect(list.rows[list.rows.length - 1]).toEqual(["2024年9月27日"]);
    const second = { ...result, options: { ...result.options, batch: 2 } };
    expect(titled(second, published).title![0]).toBe("关于渝北区2024年第二批专利转化绩效奖补拟兑付名单的公示");
    const whatIf = titled(result, { ...published, whatIf: { P2: { policy: "600000", run: "10000" } } });
    expect(whatIf.title).toHaveLength(4);
    expect(whatIf.title![0]).toMatch(/^测算（非正式）/);
    expect(whatIf.spans?.title?.[1]).toMatchObject({ style: "heading" });
    const objections = (l: Table) => l.rows.find((r) => String(r[0]).startsWith("公示期内"))![0];
    const byPolicy = { ...policy, publicity: { ...policy.publicity, contact: "区市场监管局知识产权科" } };
    expect(objections(titled(result, run, byPolicy))).toContain("可以书面形式向区市场监管局知识产权科反映");
    expect(objections(titled(result, { ...run, contact: "联系人=张三;电话=023-67800000;地址=双龙大道1号" }))).toMatch(
      /（单位须加盖公章，个人须签署真实姓名）。联系人：张三；联系电话：023-67800000；地址：双龙大道1号。$/,
    );
    expect(objections(titled(result, { ...run, contact: "张三 023-67800000" }))).toMatch(
      /。联系方式：张三 023-67800000。$/,
    );
    const en = table(summaryTables(result, ledger, { ...published, lang: "en" }, "en", policy), "公示名单");
    expect(en.title![0]).toBe(
      "Public notice of the 渝北区 2024 patent commercialisation performance awards proposed for payment, batch 1",
    );
    expect(en.title![2]).toBe("Unit: 元");
    expect(en.rows[0]).toEqual(["1. Patent transfers and licences received by small and micro enterprises"]);
    expect(en.rows.filter((r) => r[0] === "Subtotal")).toHaveLength(1);
    expect(en.rows).toContainEqual(["Publicity: 27 September 2024 to 9 October 2024."]);
  });

  test("异常清单 names sheet, row, column and the reason of every row not paid", () => {
    const { ledger, result } = balanced();
    const exceptions = table(summaryTables(result, ledger, run, "en"), "异常清单");
    const refused = result.rows.filter((r) => r.status !== "paid");
    expect(refused.length).toBeGreaterThan(0);
    expect(exceptions.rows.map((r) => r[1])).toEqual(refused.map((r) => r.ref.row));
    const [line] = exceptions.rows;
    const at = (field: (typeof EXCEPTIONS)[number]["field"]) => line[indexOf(EXCEPTIONS, field)];
    expect(line[0]).toBe("中小微企业受让专利");
    expect(at("column")).toMatch(/^G /);
    expect(at("code")).toBe("COUNTERPARTY_KIND");
    expect(at("reason")).toBe(refused[0].reasons.find((r) => r.severity === "error")!.message.en);
    expect(at("item")).toBe("P2 transfers and licences received");
    expect(at("remedy")).toBe("not supported");
  });

  test("异常清单 for a clerk: sheet and row first, the reason code last, a 处理建议 on every line", () => {
    const { ledger, result } = balanced();
    const zh = table(summaryTables(result, ledger, run, "zh"), "异常清单");
    expect(zh.columns.map((c) => c.header)).toEqual([
      "工作表",
      "行",
      "列",
      "申报单位",
      "项目",
      "原因",
      "处理建议",
      "原因代码",
    ]);
    const remedy = indexOf(EXCEPTIONS, "remedy");
    expect(zh.rows.length).toBeGreaterThan(0);
    for (const r of zh.rows) expect(String(r[remedy])).toMatch(/^(可补正：.+|不予支持.*|暂缓：.+|无需处理)$/);
    expect(zh.rows[0][indexOf(EXCEPTIONS, "item")]).toBe("P2 接受转让许可");
  });

  test("异常清单 tells what to do by reason code: fixable, final, held", () => {
    const policy = defaultPolicy();
    const cells = p2Grid().cells.slice(0, 4);
    // Row 3: a bad credit code (fixable). Row 5: the same patent as row 4 (a duplicate). Rows 6 and 7: one name
    // with two codes (held). Headers broken over two lines as clerks write them.
    cells[1] = cells[1].map((h) => (h === "统一社会信用代码" ? "统一社会\n信用代码" : h === "专利号" ? "专利\n号" : h));
    cells[2] = [...cells[2]];
    cells[2][2] = "91500112MA0000001X";
    cells[3] = [...cells[3]];
    cells[3][1] = "重庆乙科技有限公司";
    cells[3][2] = creditCode(2);
    cells[3][8] = patent(1, 3);
    cells[3][9] = "发明";
    cells[3][10] = "转让";
    const dup = [...cells[3]];
    dup[0] = 3;
    cells.push(dup);
    for (const [n, code, serial] of [
      [6, 6, 7],
      [7, 7, 8],
    ]) {
      const line = [...dup];
      [line[0], line[1], line[2], line[8]] = [n, "重庆戊科技有限公司", creditCode(code), patent(1, serial)];
      cells.push(line);
    }
    const grids: Grid[] = [{ name: "受让", cells }];
    const ledger = readLedger(grids, policy);
    const result = balance(ledger.claims, policy, { reallocate: false, rounding: "fen", priorPayouts: ledger.prior });
    for (const lang of ["zh", "en"] as Lang[]) {
      const rows = table(summaryTables(result, ledger, { ...run, lang }, lang), "异常清单").rows;
      const byCode = (code: string) => rows.find((r) => r[indexOf(EXCEPTIONS, "code")] === code)!;
      const bad = byCode("BAD_CREDIT_CODE");
      const duplicate = byCode("DUPLICATE");
      const held = byCode("NAME_TWO_CODES");
      expect([bad[1], duplicate[1], held[1]]).toEqual([3, 5, 6]);
      expect(held[indexOf(EXCEPTIONS, "remedy")]).toMatch(lang === "zh" ? /^暂缓：核实/ : /^held: check/);
      expect(bad[indexOf(EXCEPTIONS, "column")]).toBe("C 统一社会信用代码");
      expect(duplicate[indexOf(EXCEPTIONS, "column")]).toBe("I 专利号");
      if (lang === "zh") {
        expect(bad[indexOf(EXCEPTIONS, "remedy")]).toBe("可补正：改正统一社会信用代码后重新报送");
        expect(duplicate[indexOf(EXCEPTIONS, "remedy")]).toMatch(/^不予支持/);
        // The ledger's line break is gone wherever the product writes the header.
        expect(String(bad[indexOf(EXCEPTIONS, "reason")])).not.toMatch(/\s信用/);
      } else {
        expect(bad[indexOf(EXCEPTIONS, "remedy")]).toBe("fixable: correct the unified social credit code and resubmit");
        expect(duplicate[indexOf(EXCEPTIONS, "remedy")]).toMatch(/^not supported/);
      }
    }
    const [out] = ledgerOutputs(result, ledger, grids, "zh");
    expect(out.rows.map((r) => String(r.values[5])).join()).not.toMatch(/统一社会 信用代码|统一社会\n/);
  });

  test("an English run's 异常清单 has no Chinese word but the ledger's own data", () => {
    const { ledger, result } = balanced();
    const exceptions = table(summaryTables(result, ledger, { ...run, lang: "en" }, "en"), "异常清单");
    const han = /[\u4e00-\u9fff]/;
    expect(exceptions.columns.map((c) => c.header).filter((h) => han.test(h))).toEqual([]);
    for (const r of exceptions.rows) {
      for (const field of ["item", "remedy", "code"] as const)
        expect(String(r[indexOf(EXCEPTIONS, field)])).not.toMatch(han);
    }
  });

  test("目标进度 lists K1–K10 with a chart; 运行记录 the policy, options, input and version", () => {
    const { ledger, result } = balanced();
    const tables = summaryTables(result, ledger, run, "zh");
    const targets = table(tables, "目标进度");
    expect(targets.rows.map((r) => r[0])).toEqual(["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10"]);
    expect(targets.charts[0].seriesColumns).toEqual([5]);
    const record = new Map(table(tables, "运行记录").rows.map((r) => [r[0], r[1]]));
    expect(record.get("政策")).toBe("yubei-2024-12");
    expect(record.get("政策版本")).toBe(result.policy.version);
    expect(record.get("资金调剂")).toBe("否");
    expect(record.get("输入文件 SHA-256")).toBe(run.inputSha256);
    expect(record.get("程序版本")).toBe("9.9.9");
    expect(tables.map((t) => t.sheet)).toEqual(["汇总", "公示名单", "异常清单", "目标进度", "运行记录"]);
  });
});

describe("运行记录 records what the user chose for a sheet", () => {
  const sheetChoices = {
    台账甲: { item: "P2" as const, headerRow: 3 },
    台账乙: { columns: { patentNumber: "F", count: null } },
    填表说明: { skip: true },
    台账丙: {},
  };
  test.each<[Lang, [string, string][]]>([
    [
      "zh",
      [
        ["用户设定（台账甲）", "项目 P2；表头第 3 行"],
        ["用户设定（台账乙）", "专利号 → F 列；件数 不取"],
        ["用户设定（填表说明）", "跳过"],
      ],
    ],
    [
      "en",
      [
        ["Chosen by the user (台账甲)", "item P2; header row 3"],
        ["Chosen by the user (台账乙)", "patent number → column F; count not used"],
        ["Chosen by the user (填表说明)", "skipped"],
      ],
    ],
  ])("in %s, one line per sheet with a choice", (lang, expected) => {
    const { ledger, result } = balanced();
    const rows = table(summaryTables(result, ledger, { ...run, lang, sheetChoices }, lang), "运行记录").rows;
    const chosen = rows.filter((r) => String(r[0]).startsWith(lang === "zh" ? "用户设定" : "Chosen by the user"));
    expect(chosen).toEqual(expected);
  });
});

describe("resultJson and summaryText", () => {
  test("the --json shape: money strings with two decimals, 1-based rows, statuses in English", () => {
    const { result } = balanced();
    const json = JSON.parse(JSON.stringify(resultJson(result, "zh")));
    expect(json.policy).toEqual(expect.objectContaining({ id: "yubei-2024-12", version: result.policy.version }));
    for (const item of json.items) {
      for (const key of ["budget", "prior", "demand", "received", "released", "paid"])
        expect(item[key]).toMatch(/^\d+\.\d{2}$/);
      expect(typeof item.factor).toBe("string");
    }
    expect(json.rows.map((r: { row: number }) => r.row)).toEqual(result.rows.map((r) => r.ref.row));
    for (const row of json.rows) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(["sheet", "row", "item", "claimant", "status", "award", "payout", "reasons"]),
      );
      expect(["paid", "rejected", "duplicate"]).toContain(row.status);
      expect(row.payout).toMatch(/^\d+\.\d{2}$/);
    }
    const rejected = json.rows.find((r: { status: string }) => r.status === "rejected");
    expect(rejected.reasons[0]).toEqual(
      expect.objectContaining({ code: "COUNTERPARTY_KIND", message: expect.stringContaining("交易对方") }),
    );
    expect(json.kpis).toHaveLength(10);
    expect(json.kpis[0]).toEqual(expect.objectContaining({ id: "K1", target: "330" }));
    const sum = json.rows.reduce((a: Decimal, r: { payout: string }) => a.plus(r.payout), new Decimal(0));
    expect(sum.toFixed(2)).toBe(json.items.find((i: { id: string }) => i.id === "P2").paid);
  });

  test("the printed table: each item, the total paid and the count of refused rows", () => {
    const { result } = balanced();
    const text = summaryText(result, "zh");
    for (const id of ["P1", "P2", "P3", "P4"]) expect(text).toMatch(new RegExp(`^${id} `, "m"));
    expect(text).toContain("10,000.00");
    expect(text).toContain(`不予兑付 ${result.rows.filter((r) => r.status === "rejected").length} 行`);
    expect(summaryText(result, "en")).toContain("rows rejected");
  });
});
