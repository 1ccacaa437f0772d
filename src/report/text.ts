/** The table the command prints: per item what it could pay, what was asked, moved and paid. */
import Decimal from "decimal.js";
import type { BalanceResult, Lang } from "../engine/types";
import { displayWidth, moneyText, padEnd, padStart, percentText } from "./format";
import { labels } from "./labels";

export function summaryText(result: BalanceResult, lang: Lang): string {
  const L = labels(lang);
  const T = L.text;
  const header = [T.item, T.budget, T.available, T.demand, T.moved, T.paid, T.factor];
  const zero = new Decimal(0);
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
  const add = (pick: (i: (typeof result.items)[number]) => Decimal) =>
    result.items.reduce((a, i) => a.plus(pick(i)), zero);
  body.push([
    L.total,
    moneyText(add((i) => i.budget)),
    moneyText(add((i) => i.available)),
    moneyText(add((i) => i.demand)),
    moved(
      add((i) => i.received),
      add((i) => i.released),
    ),
    moneyText(add((i) => i.paid)),
    "",
  ]);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[c]))));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? padEnd(cell, widths[c]) : padStart(cell, widths[c]))).join("  ");
  const count = (s: string) => result.rows.filter((r) => r.status === s).length;
  const lines = [
    `${result.policy.notice} · ${result.policy.id} ${result.policy.version}`,
    line(header),
    ...body.slice(0, -1).map(line),
    widths.map((w) => "-".repeat(w)).join("  "),
    line(body[body.length - 1]),
    "",
    T.rejected(count("rejected"), count("duplicate")),
    ...result.moves.map((m) => `${m.from} → ${m.to}  ${moneyText(m.amount)}`),
    ...result.notes.map((n) => n[lang]),
  ];
  return lines.join("\n") + "\n";
}
