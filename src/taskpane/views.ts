/**
 * What the task pane and the offline page (src/offline) both show of a run, built from the plan alone: the year
 * before, the assumptions, the sheets and rows that stop a balance, the result per item, what changed, and a row's
 * explanation. No Office here: a cell is reached through `goTo`, which only the pane has.
 */
import Decimal from "decimal.js";
import type { BalanceResult, CellRef, Lang } from "../engine/types";
import { skippedSheets, type SheetProblem } from "../ledger";
import {
  beforeItems,
  changesLine,
  type Blocking,
  type Changes,
  type ExplainLine,
  type Prepared,
  type RowExplanation,
} from "../plan";
import { assumptionsOf } from "../report";
import { moneyText } from "../report/format";
import { labels } from "../report/labels";
import { el } from "./dom";
import type { Strings } from "./i18n";
import { headerCells, itemTable, resultTable } from "./tables";

/** How many problems a list shows; the rest are on 异常清单. */
export const PROBLEMS_SHOWN = 200;

export interface View {
  t: Strings;
  lang: Lang;
  /** Selects a cell in the workbook (the pane); without it a cell is named, not a button. */
  goTo?: (ref: CellRef) => void;
}

function money(d: Decimal): string {
  return moneyText(d);
}

function where(ref: CellRef): string {
  return `${ref.sheet}!${ref.column ?? ""}${ref.row}${ref.header ? ` · ${ref.header}` : ""}`;
}

/** A problem with a cell names it (a button that selects it, where the host can); a whole sheet's is plain text. */
export function problemItem(view: View, ref: CellRef | undefined, message: string): HTMLElement {
  if (!ref) return el("li", { class: "sheet-problem" }, message);
  const { goTo } = view;
  if (!goTo) return el("li", { class: "cell-problem" }, el("span", { class: "where" }, where(ref)), message);
  const button = el(
    "button",
    { type: "button", class: "problem" },
    el("span", { class: "where" }, where(ref)),
    message,
  );
  button.addEventListener("click", () => goTo(ref));
  return el("li", {}, button);
}

/** Which batch this is and where the payouts before it come from: one line. */
export function yearLine(view: View, prepared: Prepared): string {
  const { t } = view;
  const batch = prepared.batch === undefined ? t.batchNone : t.batchN(prepared.batch);
  return t.yearBefore(batch, prepared.priorSource ?? t.sourceNone);
}

/**
 * What the year paid and moved before this batch, per item, as the balance will take them (an earlier result, a
 * 累计已兑付, a 已兑付 sheet or file) — checked before anything is paid; null when nothing was.
 */
export function yearBeforeTable(view: View, prepared: Prepared): HTMLElement | null {
  const items = beforeItems(prepared.prior, prepared.priorMoves);
  const any = items.some((i) => !i.paid.isZero() || !i.received.isZero() || !i.released.isZero());
  if (!any) return null;
  return itemTable(
    "totals year-before",
    headerCells(view.t.beforeTable),
    items.map((i) => [i.id, money(i.paid), money(i.received), money(i.released)].map((v) => el("td", {}, v))),
  );
}

/** The batch's line and the year before it, as a page without cards shows them. */
export function yearBeforeView(view: View, prepared: Prepared): (HTMLElement | null)[] {
  return [el("p", { class: "hint year-line" }, yearLine(view, prepared)), yearBeforeTable(view, prepared)];
}

/**
 * The defaults this balance would take that can change a payout (LEDGER.md "Assumptions"), one sentence each, and
 * the sheets it would not read as no ledger.
 */
export function assumptionsView(view: View, prepared: Prepared): (HTMLElement | null)[] {
  const { t, lang } = view;
  const sentences = assumptionsOf(prepared.ledger).map((a) => a[lang]);
  const skipped = skippedSheets(prepared.ledger).map((p) => p.sheet);
  return [
    sentences.length > 0
      ? el(
          "div",
          { class: "message assumptions" },
          el("h3", {}, labels(lang).assumptions.title),
          el("ul", {}, ...sentences.map((line) => el("li", {}, line))),
        )
      : null,
    skipped.length > 0 ? el("p", { class: "hint skipped-sheets" }, t.skippedSheets(skipped.join("、"))) : null,
  ];
}

/** Ledger sheets that cannot be read: the balance is refused until each is mapped, fixed or skipped. */
export function unreadableList(view: View, sheets: SheetProblem[]): HTMLElement[] {
  const { t, lang } = view;
  return [
    el("p", { class: "message message-bad", role: "alert" }, t.unreadable(sheets.length)),
    el(
      "ul",
      { class: "problems unreadable" },
      ...sheets.map((p) =>
        problemItem(
          view,
          p.headerRow === undefined ? undefined : { sheet: p.sheet, row: p.headerRow },
          `${p[lang]} ${t.fix[p.code] ?? ""}`,
        ),
      ),
    ),
  ];
}

/** What this balance changed against the earlier result (变更): the count, then each row. */
export function changesList(view: View, changes: Changes | undefined): HTMLElement[] {
  if (!changes) return [];
  const { lang } = view;
  const rows = changes.rows.slice(0, PROBLEMS_SHOWN);
  return [
    el("p", { class: "message" }, changesLine(changes, lang)),
    ...(rows.length > 0
      ? [
          el(
            "ul",
            { class: "problems changes" },
            ...rows.map((c) => problemItem(view, c.ref, `${c.claimant} · ${c.causes.map((x) => x[lang]).join("；")}`)),
          ),
        ]
      : []),
  ];
}

/** Earlier payouts or plan lines not read: the balance is refused until each is fixed. */
export function blockingList(view: View, blocking: Blocking[]): HTMLElement[] {
  const { t, lang } = view;
  const shown = blocking.slice(0, PROBLEMS_SHOWN);
  return [
    el("p", { class: "message message-bad", role: "alert" }, t.blocked(blocking.length)),
    el(
      "ul",
      { class: "problems blocking" },
      ...shown.map((p) =>
        problemItem(view, { sheet: p.sheet, row: p.row, column: p.column, header: p.header }, p[lang]),
      ),
    ),
    ...(blocking.length > shown.length
      ? [el("p", { class: "hint" }, t.blockedMore(blocking.length - shown.length))]
      : []),
  ];
}

/** A balance's result: the total paid, the rows by status, and per item what was asked, available and paid. */
export function resultView(view: View, result: BalanceResult): HTMLElement[] {
  const { t } = view;
  const rows = result.rows;
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const { awards, support } = result.totals;
  return [
    el(
      "div",
      { class: "message message-ok" },
      el("div", {}, t.totalPaid),
      el("div", { class: "big" }, `${money(awards.paid)} ${t.yuan}`),
      el(
        "div",
        {},
        t.done(rows.length, count("paid"), count("rejected"), count("duplicate"), count("held"), count("zero")),
      ),
      ...(support ? [el("div", {}, t.supportApart(`${money(support.paid)} ${t.yuan}`))] : []),
    ),
    resultTable(t, result),
  ];
}

/** A row's explanation in one line: where, who, the rule and its clause. */
export function explainHead(e: RowExplanation): string {
  return `${e.ref.sheet}!${e.ref.row} · ${e.claimant} · ${e.rule}（${e.clause}）`;
}

/** Why a row got its amount: its status and payout, the steps, the reasons and the inputs, each with its cell. */
export function explanationView(view: View, e: RowExplanation, draft: boolean): HTMLElement[] {
  const { t, lang } = view;
  // Each line's text already says its amount.
  const line = (l: ExplainLine, cls: string) =>
    l.ref ? problemItem(view, l.ref, l.text[lang]) : el("li", { class: cls }, l.text[lang]);
  return [
    el("p", { class: "explain-head" }, explainHead(e)),
    el("p", { class: "big" }, t.explainStatus(labels(lang).status[e.status], moneyText(new Decimal(e.payout)))),
    ...(draft ? [el("p", { class: "hint" }, t.explainDraft)] : []),
    el("h3", {}, t.explainSteps),
    el("ol", { class: "explain-steps" }, ...e.steps.map((l) => line(l, "step-line"))),
    ...(e.reasons.length > 0
      ? [el("h3", {}, t.explainReasons), el("ul", { class: "problems" }, ...e.reasons.map((l) => line(l, "reason")))]
      : []),
    el("h3", {}, t.explainInputs),
    el("ul", { class: "problems" }, ...e.inputs.map((l) => line(l, "input"))),
  ];
}
