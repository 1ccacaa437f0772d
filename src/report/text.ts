/** The table the command prints: per item what it could pay, what was asked, moved and paid. */
import Decimal from "decimal.js";
import type { BalanceResult, ItemTotals, Lang } from "../engine/types";
import { displayWidth, moneyText, padEnd, padStart, percentText } from "./format";
import { commandLabels } from "./commandLabels";
import { labels } from "./labels";

export function summaryText(result: BalanceResult, lang: Lang): string {
  const L = labels(lang);
  const T = commandLabels(lang).text;
  const header = [T.item, T.budget, T.available, T.demand, T.moved, T.paid, T.factor];
  const moved = (received: Decimal, released: Decimal) =>
    [received.isZero() ? "" : `+${moneyText(received)}`, released.isZero() ? "" : `-${moneyText(released)}`]
      .filter(Boolean)
      .join(" ");
  const body = result.items.map((i) => [
    i.id,
    moneyText(i.budget),
    moneyText(i.available),
    moneyText(i.demand),
    moved(i.received, i.released),
    moneyText(i.paid),
    percentText(i.factor),
  ]);
  // POLICY §2 step 8: the total is P1–P4's; P5–P8's funding plan is a line of its own.
  const totalLine = (label: string, t: ItemTotals) => [
    label,
    moneyText(t.budget),
    moneyText(t.available),
    moneyText(t.demand),
    moved(t.received, t.released),
    moneyText(t.paid),
    "",
  ];
  const totals = [totalLine(`${L.total} P1–P4`, result.totals.awards)];
  if (result.totals.support) totals.push(totalLine("P5–P8", result.totals.support));
  const widths = header.map((h, c) =>
    Math.max(displayWidth(h), ...[...body, ...totals].map((r) => displayWidth(r[c]))),
  );
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? padEnd(cell, widths[c]) : padStart(cell, widths[c]))).join("  ");
  const count = (s: string) => result.rows.filter((r) => r.status === s).length;
  const lines = [
    `${result.policy.notice} · ${result.policy.id} ${result.policy.version}`,
    line(header),
    ...body.map(line),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...totals.map(line),
    ...(result.totals.support ? [T.supportApart] : []),
    "",
    T.rejected(count("rejected"), count("duplicate"), count("held"), count("zero")),
    ...result.moves.map((m) => `${m.from} → ${m.to}  ${moneyText(m.amount)}`),
    ...result.notes.map((n) => n[lang]),
  ];
  return lines.join("\n") + "\n";
}
