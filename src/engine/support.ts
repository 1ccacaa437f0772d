/**
 * Support projects (专利转化支持项目, §二(二)5–8): units are selected by review (择优遴选) and funded by
 * plan, so the tool checks a funding plan against the unit counts and caps, and each unit's reported
 * indicators against its tasks — met, not met, or how far short. The notice gives no formula that
 * turns a shortfall into less money, so none is applied here.
 */
import type Decimal from "decimal.js";
import { Money, ZERO, sumMoney } from "./money";
import { supportItem, type Policy, type SupportItem, type SupportTask } from "../policy/policy";
import type { CellRef, SupportItemId } from "./types";
import { groupThousands, normaliseName } from "./values";

/** A message for the bureau's clerk, in both languages. */
export interface Message {
  zh: string;
  en: string;
}

/** One line of a funding plan: what an undertaking unit (承担单位) is to receive under an item, 元. */
export interface FundingPlanLine {
  item: SupportItemId;
  unit: string;
  amount: Decimal;
  ref?: CellRef;
}

export interface PlanLineCheck extends FundingPlanLine {
  ok: boolean;
  reasons: Message[];
}

export interface PlanItemCheck {
  item: SupportItemId;
  /** Distinct undertaking units planned. */
  units: number;
  total: Decimal;
  /** The item's support money (本项目支持资金不超过…). */
  cap: Decimal;
  /** False when the item or any of its lines breaks a rule. */
  ok: boolean;
  reasons: Message[];
}

export interface PlanCheck {
  ok: boolean;
  lines: PlanLineCheck[];
  /** Every support item of the policy, planned or not. */
  items: PlanItemCheck[];
}

export interface IndicatorReport {
  item: SupportItemId;
  unit: string;
  /** By task id: a number, a yes/no, or for a task with a per-event minimum the attendance of each event. */
  values: Record<string, number | boolean | number[]>;
}

export interface IndicatorCheck {
  task: SupportTask;
  status: "met" | "notMet" | "missing";
  /** The reported figure; for a per-event task, the number of events that qualify. */
  actual?: number | boolean;
  /** How far a numeric task falls short of its minimum. */
  shortBy?: number;
  zh: string;
  en: string;
}

/** Checks a P5–P8 funding plan: unit count, per-unit cap and item money (§二(二)5–8). */
export function checkFundingPlan(plan: FundingPlanLine[], policy: Policy): PlanCheck {
  const lines: PlanLineCheck[] = plan.map((line) => ({ ...line, ok: true, reasons: [] }));
  const items = policy.items
    .filter((i): i is SupportItem => i.kind === "support")
    .map((item) =>
      checkItem(
        item,
        lines.filter((l) => l.item === item.id),
      ),
    );
  return { ok: items.every((i) => i.ok) && lines.every((l) => l.ok), lines, items };
}

function checkItem(item: SupportItem, lines: PlanLineCheck[]): PlanItemCheck {
  const byUnit = new Map<string, PlanLineCheck[]>();
  for (const line of lines) {
    if (!(line.amount.gt(0) && line.amount.isFinite())) {
      flag(line, {
        zh: `计划金额须大于 0 元（现为 ${line.amount.toFixed()}）`,
        en: `The planned amount must be more than 0 元 (it is ${line.amount.toFixed()}).`,
      });
    }
    const unit = normaliseName(line.unit);
    if (unit === "") {
      flag(line, { zh: "承担单位名称为空", en: "The undertaking unit's name is empty." });
      continue;
    }
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), line]);
  }
  const label = `${item.id}（${item.name}）`;
  if (item.perUnitCap) {
    for (const [unit, own] of byUnit) {
      const planned = sumMoney(own.map((l) => l.amount));
      if (planned.lte(item.perUnitCap)) continue;
      for (const line of own) {
        flag(line, {
          zh: `${unit} 在 ${label} 计划资助合计 ${groupThousands(planned)} 元，超过每家单位不超过 ${groupThousands(item.perUnitCap)} 元的上限（${item.clause}）`,
          en: `${unit} is planned ${groupThousands(planned)} 元 in total under ${item.id}, above the cap of ${groupThousands(item.perUnitCap)} 元 per unit (${item.clause}).`,
        });
      }
    }
  }
  const reasons: Message[] = [];
  if (byUnit.size > item.maxUnits) {
    reasons.push({
      zh: `${label} 计划资助 ${byUnit.size} 家单位，政策规定择优遴选不超过 ${item.maxUnits} 家（${item.clause}）`,
      en: `${item.id} plans ${byUnit.size} undertaking units; the notice selects at most ${item.maxUnits} (${item.clause}).`,
    });
  }
  const total = sumMoney(lines.map((l) => l.amount));
  if (total.gt(item.budget)) {
    reasons.push({
      zh: `${label} 计划资助合计 ${groupThousands(total)} 元，超过本项目支持资金不超过 ${groupThousands(item.budget)} 元的上限（${item.budgetClause}）`,
      en: `${item.id} plans ${groupThousands(total)} 元 in total, above its support money of at most ${groupThousands(item.budget)} 元 (${item.budgetClause}).`,
    });
  }
  return {
    item: item.id,
    units: byUnit.size,
    total,
    cap: item.budget,
    ok: reasons.length === 0 && lines.every((l) => l.ok),
    reasons,
  };
}

function flag(line: PlanLineCheck, reason: Message): void {
  line.ok = false;
  line.reasons.push(reason);
}

/** What the plan commits per item, 元: money not committed may be moved to other items (§四(三)). */
export function supportCommitted(plan: FundingPlanLine[]): Partial<Record<SupportItemId, Decimal>> {
  const committed: Partial<Record<SupportItemId, Decimal>> = {};
  for (const line of plan) committed[line.item] = (committed[line.item] ?? ZERO).plus(line.amount);
  return committed;
}

/** Checks one undertaking unit's reported indicators against every task of its item (结题验收, §三(二)3). */
export function checkIndicators(report: IndicatorReport, policy: Policy): IndicatorCheck[] {
  return supportItem(policy, report.item).tasks.map((task) => checkTask(task, report.values[task.id]));
}

function checkTask(task: SupportTask, value: number | boolean | number[] | undefined): IndicatorCheck {
  const where = `（${task.clause}）`;
  const whereEn = ` (${task.clause})`;
  if (task.min === undefined) {
    if (typeof value !== "boolean") return missing(task, { zh: "是或否", en: "yes or no" });
    return value
      ? { task, status: "met", actual: true, zh: `${task.name}：已完成${where}`, en: `${task.id}: done${whereEn}` }
      : {
          task,
          status: "notMet",
          actual: false,
          zh: `${task.name}：未完成${where}`,
          en: `${task.id}: not done${whereEn}`,
        };
  }
  const min = task.min;
  let actual: number;
  let zhActual: string;
  let enActual: string;
  if (task.perEventMin !== undefined) {
    if (!Array.isArray(value) || !value.every(Number.isFinite)) {
      return missing(task, {
        zh: "每场活动的参与人数，如 60、45、80",
        en: "the attendance of each event, e.g. 60, 45, 80",
      });
    }
    const perEvent = task.perEventMin;
    actual = value.filter((people) => people >= perEvent).length;
    zhActual = `共 ${value.length} 场，其中参与人数不低于 ${perEvent} 人的 ${actual} 场`;
    enActual = `${actual} of ${value.length} events had at least ${perEvent} people`;
  } else {
    if (typeof value !== "number" || !Number.isFinite(value)) return missing(task, { zh: "一个数值", en: "a number" });
    actual = value;
    zhActual = `完成 ${figure(actual, task.unit)}`;
    enActual = `${figure(actual, task.unit)} done`;
  }
  const required = figure(min, task.unit);
  if (actual >= min) {
    return {
      task,
      status: "met",
      actual,
      zh: `${task.name}：${zhActual}，达到不少于 ${required} 的要求${where}`,
      en: `${task.id}: ${enActual}, at least ${required} required — met${whereEn}`,
    };
  }
  // Decimal, so that 2% − 1.5% is 0.5%, not 0.5000000000000001%.
  const shortBy = new Money(min).minus(actual).toNumber();
  return {
    task,
    status: "notMet",
    actual,
    shortBy,
    zh: `${task.name}：${zhActual}，未达到不少于 ${required} 的要求，还差 ${figure(shortBy, task.unit)}${where}`,
    en: `${task.id}: ${enActual}, at least ${required} required — short by ${figure(shortBy, task.unit)}${whereEn}`,
  };
}

function missing(task: SupportTask, expected: Message): IndicatorCheck {
  return {
    task,
    status: "missing",
    zh: `${task.name}：未报送（应填${expected.zh}）（${task.clause}）`,
    en: `${task.id}: not reported (expected ${expected.en}) (${task.clause})`,
  };
}

/** A task's figure in its unit: ratios as percentages, 元 with thousands separators. */
function figure(n: number, unit: string | undefined): string {
  if (unit === "ratio") return `${new Money(n).times(100).toString()}%`;
  if (unit === "元") return `${groupThousands(new Money(n))} 元`;
  return unit ? `${n} ${unit}` : String(n);
}
