/**
 * 公示名单 as the bureau publishes it (§四(二)), laid out as the notices Chinese bureaus publish (广州市市场监督管理局
 * 专利资助资金 2019 第一批; 建德市经信局 2023): a centred heading, the paragraph citing the notice and saying how the
 * list was reviewed, the list under each item's name with a 小计 per item and the 合计, the publicity period, where
 * objections go, and the issuer and date at the foot where the seal goes. No item codes, no internal sign-off line
 * (汇总 carries it). Pure: both writers write the table.
 */
import type { BalanceResult, CellValue, Lang, RowResult } from "../engine/types";
import { ONE, sumMoney, ZERO } from "../engine/money";
import { indexOf, PUBLICITY, rowOf } from "../ledger";
import type { Policy } from "../policy/policy";
import { contactSentence, parseContact } from "./contact";
import { cellNumber, columnsOf, displayWidth, moneyText, percentText, WRAP_SLACK } from "./format";
import { labels, SHEETS } from "./labels";
import type { RunInfo, Span, Table } from "./types";

/** A heading's characters are about half as wide again as a paragraph's (16 pt bold against 11 pt). */
const HEADING_SCALE = 1.5;

/** A line across a table `width` characters wide, as many lines tall as its text takes. */
export function spanOf(text: string, width: number, align: Span["align"], style: Span["style"]): Span {
  const scale = style === "heading" ? HEADING_SCALE : 1;
  return { align, style, lines: Math.max(1, Math.ceil((displayWidth(text) * scale * WRAP_SLACK) / width)) };
}

/** `2024-09-27` → 「2024年9月27日」, "27 September 2024". */
export function dateText(iso: string, lang: Lang): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return labels(lang).publicity.date(y, m, d);
}

/** The day of the run in Beijing, ISO (the run's time is UTC). */
export function beijingDate(time: string): string {
  return new Date(Date.parse(time) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The policy's heading and review paragraph (§四(二)) with {district}, {year}, {batch}, {title}, {notice} filled in. */
function noticeWords(policy: Policy, batch: number, lang: Lang): { heading: string; review: string } {
  const { notice } = policy.publicity;
  const values: Record<string, string> = {
    district: policy.district.name,
    year: String(notice.year),
    batch: labels(lang).publicity.batch(batch),
    title: policy.title,
    notice: policy.notice,
  };
  const filled = (template: string) => template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  return { heading: filled(notice.heading[lang]), review: filled(notice.review[lang]) };
}

function unitKey(item: string, key: string): string {
  return `${item}\u0000${key}`;
}

/** 件数 for patents and product filings (the award's count), 笔数 for pledges (one per row). */
function patentsOrPledges(rows: RowResult[]): number {
  return rows.reduce((n, r) => n + Number(r.explanation.inputs.count ?? 1), 0);
}

/** The issuer that publishes the list: the first of the notice's issuers (the bureau, not 财政局). */
export function issuerOf(policy: Policy): string {
  return policy.issuer.split("、")[0];
}

/**
 * The list's rows: under each item's name (in item order) the units it paid something, in ledger order, then the
 * item's 小计; the 合计 (P1–P4) last. 小计 lines are added up in Decimal, so they make the 合计 to the fen.
 */
function listRows(result: BalanceResult, lang: Lang): { rows: CellValue[][]; groups: number[] } {
  const L = labels(lang);
  // A unit's rows, in ledger order; the unit is listed where its first row stands.
  const unitRows = new Map<string, RowResult[]>();
  const firstIndex = new Map<string, number>();
  result.rows.forEach((row, i) => {
    const key = unitKey(row.item, row.claimantKey);
    const list = unitRows.get(key);
    if (list) list.push(row);
    else {
      unitRows.set(key, [row]);
      firstIndex.set(key, i);
    }
  });
  const paidRowsOf = (unit: BalanceResult["units"][number]) =>
    (unitRows.get(unitKey(unit.item, unit.key)) ?? []).filter((r) => r.payout.greaterThan(ZERO));
  const paid = result.units
    .filter((u) => u.payout.greaterThan(ZERO))
    .map((u) => ({ unit: u, order: firstIndex.get(unitKey(u.item, u.key)) ?? Infinity }))
    .sort((a, b) => a.unit.item.localeCompare(b.unit.item) || a.order - b.order)
    .map((p) => p.unit);
  const rows: CellValue[][] = [];
  const groups: number[] = [];
  const items = [...new Set(paid.map((u) => u.item))];
  let no = 0;
  let count = 0;
  items.forEach((item, g) => {
    const name = (lang === "zh" ? undefined : L.itemNames[item]) ?? result.items.find((i) => i.id === item)?.name;
    groups.push(rows.length);
    rows.push([L.publicity.group(g + 1, name ?? item)]);
    const units = paid.filter((u) => u.item === item);
    let itemCount = 0;
    for (const unit of units) {
      const paidRows = paidRowsOf(unit);
      const notes: string[] = [];
      // Capped over the year (§2 step 4): what earlier batches paid the unit, and its total over the year.
      if (paidRows.some((r) => r.capApplied)) {
        notes.push(
          unit.prior.isZero()
            ? L.capApplied
            : L.yearCapped(moneyText(unit.prior.plus(unit.payout)), moneyText(unit.prior)),
        );
      }
      const factor = paidRows.find((r) => r.factor.lessThan(ONE))?.factor;
      if (factor) notes.push(L.scaled(percentText(factor)));
      const n = patentsOrPledges(paidRows);
      itemCount += n;
      rows.push(
        rowOf(PUBLICITY, {
          no: ++no,
          name: unit.name,
          code: unit.code ?? "",
          count: n,
          payout: cellNumber(unit.payout),
          note: notes.join("；"),
        }),
      );
    }
    count += itemCount;
    rows.push(
      rowOf(PUBLICITY, {
        no: L.publicity.subtotal,
        count: itemCount,
        payout: cellNumber(sumMoney(units.map((u) => u.payout))),
      }),
    );
  });
  rows.push(rowOf(PUBLICITY, { no: L.total, count, payout: cellNumber(result.totals.awards.paid) }));
  return { rows, groups };
}

/**
 * 公示名单. `policy` words the heading and the review paragraph and names the issuer; without it the heading names
 * the notice's number and there is no paragraph or issuer. Without a publicity period (`run.publicity`) the heading
 * says 「（草稿）」 and the period line says it is not set.
 */
export function publicityTable(result: BalanceResult, run: RunInfo, lang: Lang, policy?: Policy): Table {
  const L = labels(lang);
  const P = L.publicity;
  // A long unit name or note wraps rather than being cut in print.
  const wrapped = new Set([indexOf(PUBLICITY, "name"), indexOf(PUBLICITY, "note")]);
  const columns = columnsOf(PUBLICITY, lang, result.options.rounding).map((c, i) =>
    wrapped.has(i) ? { ...c, wrap: true } : c,
  );
  const width = columns.reduce((n, c) => n + c.width, 0);
  const batch = result.options.batch ?? 1;
  const words = policy && noticeWords(policy, batch, lang);
  const heading = (words?.heading ?? P.heading(result.policy.notice, batch)) + (run.publicity ? "" : P.draft);
  const title = [heading, ...(words ? [words.review] : []), P.unit];
  const titleSpans: Record<number, Span> = { 0: spanOf(heading, width, "center", "heading") };
  if (words) titleSpans[1] = spanOf(words.review, width, "left", "text");
  titleSpans[title.length - 1] = spanOf(P.unit, width, "right", "text");

  const { rows, groups } = listRows(result, lang);
  const rowSpans: Record<number, Span> = {};
  for (const g of groups) rowSpans[g] = spanOf(String(rows[g][0]), width, "left", "bold");
  const period = run.publicity
    ? P.period(dateText(run.publicity.start, lang), dateText(run.publicity.end, lang))
    : P.noPeriod;
  const contact = run.contact ? contactSentence(parseContact(run.contact), lang) : "";
  const issuer = policy && issuerOf(policy);
  // A blank line before the issuer and the date, where the seal goes.
  const foot: ([string, Span["align"]] | null)[] = [
    null,
    [period, "left"],
    [P.objections(policy?.publicity.contact) + contact, "left"],
    null,
    ...(issuer ? [[issuer, "right"] as [string, Span["align"]]] : []),
    [dateText(run.publicity?.start ?? beijingDate(run.time), lang), "right"],
  ];
  for (const line of foot) {
    if (line) rowSpans[rows.length] = spanOf(line[0], width, line[1], "text");
    rows.push(line ? [line[0]] : []);
  }
  return {
    sheet: SHEETS.publicity,
    title,
    columns,
    rows,
    spans: { title: titleSpans, rows: rowSpans },
    freezeRows: 1,
    charts: [],
  };
}
