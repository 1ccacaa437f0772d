/**
 * The mapping step: one card per sheet, with the item, header row and a dropdown per field, as the
 * ledger reader found them. Every change becomes a SheetOverride, which wins over detection.
 */
import type { FieldId, Lang, PerformanceItemId } from "../engine/types";
import { PERFORMANCE_ITEMS } from "../engine/types";
import { cellText } from "../ledger/grid";
import {
  ownSheets,
  sheetRole,
  columnLetter,
  FIELD_LABELS,
  isSkippedSheet,
  REQUIRED_FIELDS,
  type Grid,
  type LedgerRead,
  type SheetMapping,
  type SheetOverride,
} from "../ledger";
import { performanceItem, type Policy } from "../policy";
import { el, option } from "./dom";
import type { Strings } from "./i18n";

export interface MappingView {
  grids: Grid[];
  ledger: LedgerRead;
  overrides: Record<string, SheetOverride>;
  policy: Policy;
  lang: Lang;
  t: Strings;
  /** A sheet's override changed (undefined = back to detection). */
  onChange: (sheet: string, override: SheetOverride | undefined) => void;
}

/** Sheets a person would call ledgers: not the product's own, not 已兑付, not empty. */
export function candidateSheets(grids: Grid[]): Grid[] {
  const { own } = ownSheets(grids);
  return grids.filter(
    (g) => sheetRole(g.name, own) === "ledger" && g.cells.some((row) => row?.some((v) => cellText(v ?? null) !== "")),
  );
}

function fieldsFor(mapping: SheetMapping | undefined): FieldId[] {
  if (!mapping) return ["claimantName"];
  const fields = new Set<FieldId>(mapping.item ? REQUIRED_FIELDS[mapping.item] : ["claimantName"]);
  for (const f of Object.keys(mapping.columns) as FieldId[]) fields.add(f);
  for (const d of mapping.defaults) fields.add(d.field);
  return [...fields];
}

function badge(text: string, tone: "ok" | "warn" | "bad" | "muted"): HTMLElement {
  return el("span", { class: `badge badge-${tone}` }, text);
}

function card(view: MappingView, grid: Grid, index: number): HTMLElement {
  const { t, ledger, policy, lang } = view;
  const override = view.overrides[grid.name] ?? {};
  const mapping = ledger.sheets.find((m) => m.sheet === grid.name);
  const problem = ledger.problems.find((p) => p.sheet === grid.name);
  const claims = ledger.claims.filter((c) => c.sheet === grid.name).length;
  const id = (part: string) => `map-${index}-${part}`;
  const change = (next: SheetOverride) => view.onChange(grid.name, Object.keys(next).length ? next : undefined);

  const status =
    override.skip || (problem && isSkippedSheet(problem))
      ? badge(t.sheetSkipped, "muted")
      : mapping && mapping.missing.length === 0 && !mapping.conflicts
        ? badge(`${t.sheetOk} · ${t.rowsRead(claims)}`, "ok")
        : mapping
          ? badge(t.sheetMissing, "warn")
          : badge(t.sheetProblem, "bad");

  const item = el("select", { id: id("item") });
  const found = override.item ? undefined : (mapping?.item ?? (mapping?.itemSource === "column" ? "P1–P4" : undefined));
  item.append(option("", t.itemAuto(found), !override.item));
  for (const p of PERFORMANCE_ITEMS) {
    item.append(option(p, `${p} ${performanceItem(policy, p).name}`, override.item === p));
  }
  item.addEventListener("change", () => {
    const next = { ...override };
    if (item.value) next.item = item.value as PerformanceItemId;
    else delete next.item;
    change(next);
  });

  const headerRow = el("input", {
    id: id("header"),
    type: "number",
    min: 1,
    max: Math.max(1, grid.cells.length),
    value: override.headerRow ?? mapping?.headerRow ?? "",
    inputmode: "numeric",
  });
  headerRow.addEventListener("change", () => {
    const next = { ...override };
    const n = Number(headerRow.value);
    if (Number.isInteger(n) && n >= 1) next.headerRow = n;
    else delete next.headerRow;
    change(next);
  });

  const skip = el("input", { id: id("skip"), type: "checkbox" });
  skip.checked = !!override.skip;
  skip.addEventListener("change", () =>
    change(skip.checked ? { ...override, skip: true } : { ...override, skip: undefined }),
  );

  // A header typo (`企业名陈`): one click maps the column the reader found nearest to the missing field.
  const suggestions = Object.entries(problem?.nearest ?? {}).map(([field, near]) => {
    const button = el(
      "button",
      { type: "button", class: "suggestion" },
      t.suggestion(FIELD_LABELS[field as FieldId][lang], near.column, near.header),
    );
    button.addEventListener("click", () =>
      change({ ...override, columns: { ...(override.columns ?? {}), [field]: near.column } }),
    );
    return button;
  });
  const body = el(
    "div",
    { class: "card-body" },
    problem && !override.skip
      ? el("p", { class: isSkippedSheet(problem) ? "message" : "message message-warn" }, problem[lang])
      : null,
    suggestions.length > 0 && !override.skip ? el("div", { class: "actions" }, ...suggestions) : null,
    el("div", { class: "field-row" }, el("label", { for: id("item") }, t.item), item),
    el("div", { class: "field-row" }, el("label", { for: id("header") }, t.headerRow), headerRow),
    el("div", { class: "check-row" }, skip, el("label", { for: id("skip") }, t.skip)),
  );
  if (mapping && !override.skip) body.append(columnsBlock(view, grid, mapping, override, id, change));
  return el(
    "section",
    { class: "card", "aria-labelledby": id("title") },
    el("div", { class: "card-head" }, el("h3", { id: id("title"), class: "sheet-name" }, grid.name), status),
    body,
  );
}

function columnsBlock(
  view: MappingView,
  grid: Grid,
  mapping: SheetMapping,
  override: SheetOverride,
  id: (part: string) => string,
  change: (next: SheetOverride) => void,
): HTMLElement {
  const { t, lang } = view;
  const headers = grid.cells[mapping.headerRow - 1] ?? [];
  const required = new Set<FieldId>(mapping.item ? REQUIRED_FIELDS[mapping.item] : []);
  const fields = fieldsFor(mapping);
  const list = el("div", { class: "columns" });
  for (const field of fields) {
    const select = el("select", { id: id(`f-${field}`) });
    const current = mapping.columns[field]?.column;
    select.append(option("", t.none, !current));
    headers.forEach((h, i) => {
      const text = cellText(h ?? null);
      if (text === "") return;
      const letter = columnLetter(i);
      select.append(option(letter, `${letter} · ${text}`, current === letter));
    });
    select.addEventListener("change", () => {
      const columns = { ...(override.columns ?? {}), [field]: select.value || null };
      change({ ...override, columns });
    });
    const missing = mapping.missing.includes(field) || mapping.conflicts?.some((c) => c.field === field);
    list.append(
      el(
        "div",
        { class: missing ? "field-row missing" : "field-row" },
        el(
          "label",
          { for: id(`f-${field}`) },
          FIELD_LABELS[field][lang],
          required.has(field) ? el("span", { class: "required" }, ` · ${t.required}`) : null,
        ),
        select,
      ),
    );
  }
  const details = el("details", { class: "columns-details" }, el("summary", {}, t.columns(fields.length)), list);
  details.open = mapping.missing.length > 0 || mapping.conflicts !== undefined;
  return details;
}

/** Rebuilds the cards; the control that had focus gets it back, so a keyboard user keeps their place. */
export function renderMapping(container: HTMLElement, view: MappingView): void {
  const focused = document.activeElement?.id;
  const openDetails = new Set(
    [...container.querySelectorAll("details")].filter((d) => d.open).map((d) => d.closest("section")?.id ?? ""),
  );
  while (container.firstChild) container.removeChild(container.firstChild);
  candidateSheets(view.grids).forEach((grid, i) => {
    const section = card(view, grid, i);
    section.id = `sheet-${i}`;
    const details = section.querySelector("details");
    if (details && openDetails.has(section.id)) details.open = true;
    container.append(section);
  });
  if (focused) document.getElementById(focused)?.focus();
}
