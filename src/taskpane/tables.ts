/**
 * The pane's tables of items: the year before (above 一键平衡) and the result. Every figure is the run's own
 * (src/engine ItemResult, src/report's money text): the pane lays them out and computes none.
 */
import type Decimal from "decimal.js";
import { PERFORMANCE_ITEMS, type BalanceResult, type ItemTotals } from "../engine/types";
import { moneyText, percentText } from "../report/format";
import { el } from "./dom";
import type { Strings } from "./i18n";

type Cell = HTMLTableCellElement;

/** Column headers, as text. */
export function headerCells(headers: readonly string[]): Cell[] {
  return headers.map((h) => el("th", { scope: "col" }, h));
}

/**
 * A table of items as the pane shows them: a header, a row of cells per item, and a 合计 line when given. Its roles
 * are written out: a table laid out as a grid (the result in a narrow pane) keeps them so for a screen reader.
 */
export function itemTable(cls: string, head: Cell[], rows: Cell[][], foot?: Cell[]): HTMLTableElement {
  const row = (cells: Cell[]) => {
    for (const c of cells) {
      const scope = c.getAttribute("scope");
      c.setAttribute("role", scope === "col" ? "columnheader" : scope === "row" ? "rowheader" : "cell");
    }
    return el("tr", { role: "row" }, ...cells);
  };
  return el(
    "table",
    { class: cls, role: "table" },
    el("thead", { role: "rowgroup" }, row(head)),
    el("tbody", { role: "rowgroup" }, ...rows.map(row)),
    ...(foot ? [el("tfoot", { role: "rowgroup" }, row(foot))] : []),
  );
}

/**
 * 调入/调出: this batch's moves signed (+ in, − out), then an earlier batch's marked as such; 0.00 when none.
 * Each on a line of its own, so the cell explains the gap between 预算 − 往期已兑付 and 可用.
 */
function moves(t: Strings, i: ItemTotals): (HTMLElement | string)[] {
  const signed: [Decimal, string, string][] = [
    [i.received, "+", ""],
    [i.released, "−", ""],
    [i.priorReceived, "+", `${t.movedBefore} `],
    [i.priorReleased, "−", `${t.movedBefore} `],
  ];
  const shown = signed
    .filter(([d]) => !d.isZero())
    .map(([d, sign, before]) => el("span", { class: "move" }, `${before}${sign}${moneyText(d)}`));
  return shown.length > 0 ? shown : [moneyText(i.received)];
}

/**
 * One item's cells: the budget arithmetic (预算, 往期已兑付, 调入/调出, 可用), then what was asked and paid (需求,
 * 兑付, 比例) — two lines in a narrow pane (the CSS of .result-items), one in a wide one.
 */
function resultCells(t: Strings, label: string, title: string, i: ItemTotals, factor?: Decimal): Cell[] {
  const td = (cls: string, ...content: (HTMLElement | string)[]) => el("td", { class: cls }, ...content);
  return [
    el("th", { scope: "row", class: "item-id", title }, label),
    td("budget", moneyText(i.budget)),
    td("prior", moneyText(i.prior)),
    td("moved", ...moves(t, i)),
    td("available", moneyText(i.available)),
    td("line2 demand", moneyText(i.demand)),
    td("line2 paid", moneyText(i.paid)),
    td("line2 factor", factor ? percentText(factor) : ""),
  ];
}

/** P1–P4 as the balance left them, and their 合计 (POLICY §2 step 8: P5–P8 stand apart). */
export function resultTable(t: Strings, result: BalanceResult): HTMLElement {
  const items = result.items.filter((i) => (PERFORMANCE_ITEMS as readonly string[]).includes(i.id));
  const head = headerCells(t.itemTable);
  head[0].className = "item-id";
  head.slice(5).forEach((h) => (h.className = "line2"));
  head[7].classList.add("factor");
  const { awards } = result.totals;
  return el(
    "div",
    { class: "items-wrap" },
    el("p", { class: "hint" }, t.availableIs),
    itemTable(
      "totals result-items",
      head,
      items.map((i) => resultCells(t, i.id, i.name, i, i.factor)),
      resultCells(t, t.total, t.total, awards),
    ),
  );
}
