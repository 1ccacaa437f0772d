/**
 * 支持项目 (§二(二)5–8): the funding plan checked against unit counts and caps, and each undertaking
 * unit's indicators against its tasks — written only when the workbook has a plan or indicators.
 */
import Decimal from "decimal.js";
import {
  checkFundingPlan,
  checkIndicators,
  type IndicatorCheck,
  type IndicatorReport,
  type PlanCheck,
} from "../engine/support";
import type { CellValue, Lang } from "../engine/types";
import { SUPPORT, type LedgerRead } from "../ledger";
import { supportItem, type Policy } from "../policy/policy";
import { cellNumber } from "./format";
import { commandLabels } from "./commandLabels";
import { labels, SHEETS } from "./labels";
import type { Table } from "./types";

export interface SupportChecks {
  /** Absent when the workbook has no funding plan. */
  plan?: PlanCheck;
  indicators: { report: IndicatorReport; checks: IndicatorCheck[] }[];
}

/** The checks of the plan and indicators the ledger holds; undefined when it holds neither. */
export function supportChecks(
  ledger: Pick<LedgerRead, "fundingPlan" | "indicators">,
  policy: Policy,
): SupportChecks | undefined {
  if (!ledger.fundingPlan && !ledger.indicators) return undefined;
  return {
    ...(ledger.fundingPlan ? { plan: checkFundingPlan(ledger.fundingPlan, policy) } : {}),
    indicators: (ledger.indicators ?? []).map((report) => ({
      report,
      checks: checkIndicators(report, policy),
    })),
  };
}

/** Figures the sheet shows: shares as percentages (text, so 2% is not read as 0.02), yes/no in words. */
function figure(v: number | boolean | undefined, unit: string | undefined, lang: Lang): CellValue {
  const S = labels(lang).support;
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? S.yes : S.no;
  return unit === "ratio" ? `${new Decimal(v).times(100).toString()}%` : v;
}

export function supportTable(checks: SupportChecks, policy: Policy, lang: Lang): Table {
  const S = labels(lang).support;
  const rows: CellValue[][] = [];
  const verdict = (ok: boolean) => (ok ? S.ok : S.problem);
  const why = (reasons: { zh: string; en: string }[]) => reasons.map((r) => r[lang]).join("；");
  if (checks.plan) {
    for (const item of checks.plan.items) {
      rows.push([
        item.item,
        supportItem(policy, item.item).name,
        item.units,
        supportItem(policy, item.item).maxUnits,
        cellNumber(item.total),
        cellNumber(item.cap),
        verdict(item.ok),
        why(item.reasons),
      ]);
    }
    rows.push([], [S.linesTitle], S.lines);
    for (const line of checks.plan.lines) {
      const where = line.ref ? `${line.ref.sheet}!${line.ref.row}` : "";
      rows.push([
        line.item,
        line.unit,
        where,
        null,
        cellNumber(line.amount),
        null,
        verdict(line.ok),
        why(line.reasons),
      ]);
    }
  } else {
    rows.push([S.noPlan]);
  }
  rows.push([], [S.indicatorsTitle], S.indicators);
  if (checks.indicators.length === 0) rows.push([S.noIndicators]);
  for (const { report, checks: tasks } of checks.indicators) {
    for (const c of tasks) {
      rows.push([
        report.item,
        report.unit,
        S.task(c.task),
        c.task.clause,
        figure(c.actual, c.task.unit, lang),
        figure(c.shortBy, c.task.unit, lang),
        S.status[c.status],
        c[lang],
      ]);
    }
  }
  const formats = [undefined, undefined, undefined, undefined, "#,##0.##", "#,##0.##", undefined, undefined];
  return {
    sheet: SHEETS.support,
    columns: SUPPORT.map((c, i) => ({
      header: c[lang],
      width: c.width,
      numFmt: formats[i],
    })),
    rows,
    freezeRows: 1,
    charts: [],
  };
}

/** For the printed summary: each problem of the plan on a line, then how the indicators stand. */
export function supportText(checks: SupportChecks, lang: Lang): string[] {
  const S = commandLabels(lang);
  const lines: string[] = [];
  for (const item of checks.plan?.items ?? []) for (const r of item.reasons) lines.push(S.planLine(r[lang]));
  for (const line of checks.plan?.lines ?? []) {
    const where = line.ref ? `${line.ref.sheet}!${line.ref.row} ` : "";
    for (const r of line.reasons) lines.push(S.planLine(`${where}${r[lang]}`));
  }
  if (checks.indicators.length > 0) {
    const all = checks.indicators.flatMap((i) => i.checks);
    const count = (s: IndicatorCheck["status"]) => all.filter((c) => c.status === s).length;
    lines.push(S.indicatorCount(count("met"), count("notMet"), count("missing")));
  }
  return lines;
}
