/**
 * Cost per call of each PATENT.* custom function (the built dist/functions.js, as Excel runs it) over 10,000
 * calls, beside the engine called directly and a plain-JavaScript baseline of the same arithmetic on floats —
 * to show the Excel wrapper adds little to what the exact engine costs.
 */
import { loadFunctions, type CustomFunction, type ExcelArg } from "../test/functions/bundle";
import { ORACLE, policy } from "../test/functions/oracle";
import { performanceItem } from "../src/policy";

const CALLS = 10_000;
const WARM_UP = 1_000;

/** Keeps results alive so no call is optimised away. */
let sink: unknown;

function nsPerCall(call: (i: number) => unknown): number {
  for (let i = 0; i < WARM_UP; i++) sink = call(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) sink = call(i);
  return Number(process.hrtime.bigint() - start) / CALLS;
}

const num = (d: { toNumber(): number }) => d.toNumber();
const yuan = (item: "P1" | "P2" | "P3" | "P4", mode: string, type?: string) =>
  num(performanceItem(policy, item).rates.find((r) => r.mode === mode && (!type || r.patentType === type))!.yuan!);

const INVENTION = yuan("P1", "transfer", "invention");
const OTHER = yuan("P1", "transfer", "other");
const LICENCE = yuan("P1", "licence");
const OPEN = yuan("P1", "openLicence");
const FILING = yuan("P3", "productFiling");
const PLEDGE_SHARE = num(performanceItem(policy, "P4").rates[0].percentOfAmount!) / 100;
const CAPS = Object.fromEntries(policy.items.map((i) => [i.id, i.perUnitCap ? num(i.perUnitCap) : 0]));
const BUDGETS = Object.fromEntries(policy.items.map((i) => [i.id, num(i.budget)]));
const TARGETS = Object.fromEntries(policy.targets.map((t) => [t.id, num(t.target)]));
const NAMED = policy.openLicencePlatforms.names;
const PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CLAIMS = [[6000], [4000], [2000], [1500], [800], [3000], [2500], [700], [900], [1200]];

function patentCheck(s: string): string {
  const digits = s.slice(2, 14);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * PATENT_WEIGHTS[i];
  return sum % 11 === 10 ? "X" : String(sum % 11);
}

/** Mon–Fri only: the float baseline knows no holiday calendar. */
function weekdaysEnd(serial: number, days: number): number {
  let d = serial;
  let counted = 0;
  for (;;) {
    const weekday = (d + 6) % 7; // serial 1 (1900-01-01) was a Monday → 0
    if (weekday < 5 && ++counted === days) return d;
    d++;
  }
}

interface Case {
  id: string;
  args: (i: number) => ExcelArg[];
  baseline: (i: number) => unknown;
}

const CASES: Case[] = [
  { id: "AWARD_TRANSFER", args: (i) => ["发明", 1 + (i % 20), "P1"], baseline: (i) => INVENTION * (1 + (i % 20)) },
  { id: "AWARD_LICENSE", args: (i) => [1 + (i % 20)], baseline: (i) => LICENCE * (1 + (i % 20)) },
  {
    id: "AWARD_OPEN_LICENSE",
    args: (i) => [1 + (i % 5), i % 2 ? NAMED[0] : "其他平台"],
    baseline: (i) => (NAMED.includes(i % 2 ? NAMED[0] : "其他平台") ? OPEN : LICENCE) * (1 + (i % 5)),
  },
  { id: "PRODUCT_FILING_AWARD", args: (i) => [1 + (i % 40)], baseline: (i) => FILING * (1 + (i % 40)) },
  {
    id: "PLEDGE_AWARD",
    args: (i) => [100 + i, "万元", i % 3 ? 0 : 150_000],
    baseline: (i) =>
      Math.round(Math.min((100 + i) * 10_000 * PLEDGE_SHARE, Math.max(0, CAPS.P4 - (i % 3 ? 0 : 150_000))) * 100) / 100,
  },
  {
    id: "UNIT_CAP",
    args: (i) => ["P1", 1000 * (i % 80), 10_000],
    baseline: (i) => Math.min(1000 * (i % 80), Math.max(0, CAPS.P1 - 10_000)),
  },
  { id: "RATE", args: () => ["P1", "转让", "实用新型"], baseline: () => OTHER },
  { id: "BUDGET", args: () => ["P2"], baseline: () => BUDGETS.P2 },
  { id: "CAP", args: () => ["P4"], baseline: () => CAPS.P4 },
  {
    id: "PRORATA",
    args: () => [CLAIMS, 10_000],
    baseline: () => {
      const total = CLAIMS.reduce((a, [c]) => a + c, 0);
      return CLAIMS.map(([c]) => [Math.floor(((c * 10_000) / total) * 100) / 100]);
    },
  },
  {
    id: "PATENT_TYPE",
    args: () => ["ZL200710308494.X"],
    baseline: () => (patentCheck("ZL200710308494.X") === "X" ? "发明" : ""),
  },
  { id: "PATENT_VALID", args: () => ["ZL200710308494.X"], baseline: () => patentCheck("ZL200710308494.X") === "X" },
  {
    id: "CREDIT_CODE_VALID",
    args: () => ["91350100M000100Y43"],
    baseline: () => {
      const code = "91350100M000100Y43";
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(code[i]) * CODE_WEIGHTS[i];
      return CODE_CHARS[(31 - (sum % 31)) % 31] === code[17];
    },
  },
  { id: "PUBLICITY_END", args: (i) => [45_300 + (i % 300)], baseline: (i) => weekdaysEnd(45_300 + (i % 300), 5) },
  { id: "TARGET", args: () => ["K7"], baseline: () => TARGETS.K7 },
  {
    id: "POLICY_VERSION",
    args: () => [],
    baseline: () => `${policy.notice} ${policy.id} v${policy.version}`,
  },
];

export async function run(): Promise<void> {
  const fns = loadFunctions();
  const rows = CASES.map(({ id, args, baseline }) => {
    const fn = fns.get(id) as CustomFunction;
    const oracle = ORACLE[id];
    const argSets = Array.from({ length: 64 }, (_, i) => args(i));
    const wrapper = nsPerCall((i) => fn(...argSets[i % 64]));
    const engine = nsPerCall((i) => oracle(...argSets[i % 64]));
    const plain = nsPerCall(baseline);
    return { id, wrapper, engine, plain };
  });
  const fmt = (ns: number) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`).padStart(10);
  process.stdout.write(`${CALLS.toLocaleString("en")} calls each, cost per call\n`);
  process.stdout.write(
    `${"function".padEnd(22)}${"PATENT.*".padStart(10)}${"engine".padStart(10)}${"plain JS".padStart(10)}  wrapper ÷ engine\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.id.padEnd(22)}${fmt(r.wrapper)}${fmt(r.engine)}${fmt(r.plain)}  ${(r.wrapper / r.engine).toFixed(2)}×\n`,
    );
  }
  if (sink === Symbol.for("never")) process.stdout.write("\n");
}
