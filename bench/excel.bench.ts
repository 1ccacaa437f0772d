/**
 * Syncs and request sizes of a balance in the fake Excel, for 1k / 10k / 50k-row ledgers (a first
 * run and a second one over its own output), beside a naive writer that sends one range write and
 * one sync per row. Both are measured, not estimated: the fake counts every sync and sizes every
 * request and response as JSON.
 */
import { balanceWorkbook, choicesOf, parseSaved, readWorkbook, toExcel, watchSelection } from "../src/excel";
import { explainRow, planBalance } from "../src/plan";
import { defaultPolicy } from "../src/policy";
import { REPORT_SHEETS, type LedgerOutput, type Table } from "../src/report";
import { FakeExcel, PAYLOAD_LIMIT, type FakeRequestContext, type SyncRecord } from "../test/fakes/excel";
import { ledgerWorkbook } from "../test/fakes/ledger";
import { fakeFromWorkbook } from "../test/fakes/xlsx";

const SIZES = [1_000, 10_000, 50_000];
const policy = defaultPolicy();

function asExcel(ctx: FakeRequestContext): Excel.RequestContext {
  return ctx as unknown as Excel.RequestContext;
}

async function freshExcel(rows: number): Promise<FakeExcel> {
  const half = Math.floor(rows / 2);
  return new FakeExcel(await fakeFromWorkbook(ledgerWorkbook({ transfers: half, pledges: rows - half })));
}

/** One range write and one sync per row: what the add-in would cost written the obvious way. */
async function naiveWrite(excel: FakeExcel, outputs: LedgerOutput[], tables: Table[]): Promise<void> {
  await excel.run(async (fake) => {
    const ctx = asExcel(fake);
    for (const o of outputs) {
      const ws = ctx.workbook.worksheets.getItem(o.sheet);
      ws.getRangeByIndexes(o.headerRow - 1, o.startColumn, 1, o.columns.length).values = [
        o.columns.map((c) => toExcel(c.header)),
      ];
      for (const row of o.rows) {
        ws.getRangeByIndexes(row.row - 1, o.startColumn, 1, row.values.length).values = [row.values.map(toExcel)];
        // The point of the comparison: a sync per row.

        await ctx.sync();
      }
    }
    for (const t of tables) {
      const ws = ctx.workbook.worksheets.add(t.sheet);
      ws.getRangeByIndexes(0, 0, 1, t.columns.length).values = [t.columns.map((c) => toExcel(c.header))];
      for (const [i, line] of t.rows.entries()) {
        if (line.length === 0) continue;
        ws.getRangeByIndexes(i + 1, 0, 1, line.length).values = [line.map(toExcel)];

        await ctx.sync();
      }
    }
  });
}

function mb(bytes: number): string {
  return bytes < 100 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function summary(syncs: SyncRecord[]): { count: number; largest: number; total: number } {
  return {
    count: syncs.length,
    largest: Math.max(...syncs.map((s) => s.requestBytes)),
    total: syncs.reduce((n, s) => n + s.requestBytes, 0),
  };
}

export async function run(): Promise<void> {
  const lines = [
    "| rows | add-in syncs: read + write | largest request | all requests | largest response | second run: read + write | row-by-row syncs | its largest request | its requests | add-in ms | row-by-row ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const rows of SIZES) {
    const excel = await freshExcel(rows);
    let started = Date.now();
    const result = await excel.run((ctx) =>
      balanceWorkbook(asExcel(ctx), policy, (snap) => parseSaved(snap.saved, policy), "zh"),
    );
    const smartMs = Date.now() - started;
    if (!result.result) throw new Error("the bench ledger did not balance");
    const smart = summary(excel.syncs);
    if (smart.largest > PAYLOAD_LIMIT) throw new Error(`a request passed 5 MB: ${smart.largest}`);
    const delivered = excel.syncs.filter((s) => s.responseBytes <= PAYLOAD_LIMIT);
    const refused = excel.syncs.length - delivered.length;
    const response = Math.max(...delivered.map((s) => s.responseBytes));
    const reads = smart.count - result.write.syncs;

    // The same workbook again: its output columns and sheets are now there to be updated in place.
    excel.resetCounters();
    const again = await excel.run((ctx) =>
      balanceWorkbook(asExcel(ctx), policy, (snap) => parseSaved(snap.saved, policy), "zh"),
    );
    if (!again.result) throw new Error("the bench ledger did not balance the second time");
    if (excel.syncs.some((s) => s.requestBytes > PAYLOAD_LIMIT || s.responseBytes > PAYLOAD_LIMIT)) {
      throw new Error("the second run passed 5 MB");
    }
    const second = `${excel.syncs.length} = ${again.readSyncs} + ${again.write.syncs}`;

    // The naive writer writes the same tables into a fresh copy of the same ledger.
    const naive = await freshExcel(rows);
    const snapshot = await naive.run((ctx) => readWorkbook(asExcel(ctx), REPORT_SHEETS));
    const plan = planBalance(snapshot.grids, policy, choicesOf(parseSaved(undefined, policy)), {
      time: new Date(),
      input: "bench",
      lang: "zh",
    });
    if (plan.kind !== "balanced") throw new Error("the bench ledger did not balance");
    naive.resetCounters();
    started = Date.now();
    await naiveWrite(naive, plan.outputs, plan.tables);
    const naiveMs = Date.now() - started;
    const slow = summary(naive.syncs);
    lines.push(
      `| ${rows.toLocaleString("en")} | ${smart.count} = ${reads}${refused ? ` (${refused} refused as too large)` : ""} + ${result.write.syncs} | ${mb(smart.largest)} | ${mb(smart.total)} | ${mb(response)} | ${second} | ${slow.count.toLocaleString("en")} | ${mb(slow.largest)} | ${mb(slow.total)} | ${smartMs} | ${naiveMs} |`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  process.stdout.write(
    "Row-by-row: each sync is a round trip to Excel (tens of ms on the web), so its sync count is the cost that matters.\n" +
      "Limit: 5 MiB per request and per response (Excel on the web). Reads are planned from each sheet's sampled corner so no\n" +
      "response is refused; writes fill each request to the budget; a second run does not resend outputs it read back unchanged.\n",
  );
  await explainBench();
}

/**
 * The task pane's explanation of a selected row (issue 11) on a 50,000-row ledger: the listener's syncs per
 * selection (its event names sheet and address), and the time from a selection to its explanation, the plan
 * kept in memory — beside the time of the plan itself, which the pane pays once.
 */
async function explainBench(): Promise<void> {
  const rows = 50_000;
  const excel = await freshExcel(rows);
  (globalThis as unknown as { Excel: unknown }).Excel = excel.namespace();
  const snapshot = await excel.run((ctx) => readWorkbook(asExcel(ctx), REPORT_SHEETS));
  let started = performance.now();
  const plan = planBalance(snapshot.grids, policy, choicesOf(parseSaved(undefined, policy)), {
    time: new Date(),
    input: "bench",
    lang: "zh",
  });
  const planMs = performance.now() - started;
  if (plan.kind !== "balanced") throw new Error("the bench ledger did not balance");
  let explained = 0;
  await watchSelection((sheet, row) => {
    if (explainRow(plan, sheet, row)) explained++;
  });
  const sheet = plan.prepared.ledger.sheets[0].sheet;
  const selections = 500;
  excel.resetCounters();
  started = performance.now();
  for (let i = 0; i < selections; i++) await excel.select(sheet, `C${3 + ((i * 97) % (rows / 2))}`);
  const perSelection = (performance.now() - started) / selections;
  if (explained !== selections) throw new Error(`explained ${explained} of ${selections} selections`);
  process.stdout.write(
    `Explain a selected row, ${rows.toLocaleString("en")}-row ledger: ${excel.syncs.length} syncs for ${selections} ` +
      `selections; ${perSelection.toFixed(2)} ms from a selection to its explanation (the plan, made once: ${Math.round(planMs)} ms)\n`,
  );
}
