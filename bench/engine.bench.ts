/**
 * Engine throughput and memory: `balance` on 10k, 100k and 1M generated claims (RawClaim objects, no
 * workbook), each figure beside its baselines from the same run: a naive float sum-and-scale of the same claims
 * (what exactness costs) and the previous release's engine on the same claims, where it is there to run.
 * Targets (issue 19): 100k claims ≤ 0.4 s and ≤ 4× the float balance; 1M claims ≤ 5 s and ≤ 1 GB peak RSS. Each
 * run is timed in a fresh process, as the command runs; a line below the table shows runs back to back.
 */
import { spawnSync } from "child_process";
import { existsSync } from "fs";
import path from "path";
import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";
import { balance } from "../src/engine";
import { creditCodeCheckChar } from "../src/engine/creditCode";
import { patentCheckChar } from "../src/engine/patentNumber";
import type { BalanceResult, FieldId, PerformanceItemId, RawClaim } from "../src/engine/types";
import { defaultPolicy, performanceItem, type Policy } from "../src/policy";

setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

const SIZES = [10_000, 100_000, 1_000_000];
/** Claims per unit: enough units at the cap and items over budget that every step of §2 runs. */
const ROWS_PER_UNIT = 4;

type Columns = RawClaim["columns"];
function columns(fields: FieldId[]): Columns {
  const c: Columns = {};
  fields.forEach((f, i) => (c[f] = { column: String.fromCharCode(65 + i), header: f }));
  return c;
}
const TRANSFER_FIELDS: FieldId[] = [
  "claimantName",
  "claimantCode",
  "claimantKind",
  "claimantDistrict",
  "counterpartyName",
  "counterpartyKind",
  "counterpartyDistrict",
  "patentNumber",
  "patentType",
  "mode",
  "count",
  "recordDate",
];

/** The fields each item's generated rows carry, in column order (the command bench lays its sheets out the same). */
export const FIELDS: Record<RawClaim["item"], FieldId[]> = {
  P1: TRANSFER_FIELDS,
  P2: TRANSFER_FIELDS,
  P3: ["claimantName", "claimantCode", "claimantKind", "productFilingNo", "count", "recordDate"],
  P4: ["claimantName", "claimantCode", "claimantKind", "pledgeAmount", "recordDate"],
};
const TRANSFER_COLUMNS = columns(FIELDS.P1);
const FILING_COLUMNS = columns(FIELDS.P3);
const PLEDGE_COLUMNS = columns(FIELDS.P4);

function creditCode(unit: number): string {
  const first17 = `91500112MA${String(unit).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

function patent(serial: number, typeDigit: number): string {
  const digits = `2022${typeDigit}${String(serial % 10_000_000).padStart(7, "0")}`;
  return `ZL${digits}.${patentCheckChar(digits)}`;
}

/**
 * n claims over P1–P4 (10/40/25/25 %), ~5 % of them refused, dates as text and as serials. `first` starts
 * them further on in the same sequence (other units and patents); a multiple of 80 keeps the mix of items.
 */
export function generateClaims(n: number, first = 0): RawClaim[] {
  const claims: RawClaim[] = [];
  for (let i = first; i < first + n; i++) {
    const unit = Math.floor(i / ROWS_PER_UNIT);
    const slot = unit % 20;
    const item: PerformanceItemId = slot < 2 ? "P1" : slot < 10 ? "P2" : slot < 15 ? "P3" : "P4";
    const name = `重庆测试${unit}号科技有限公司`;
    const code = creditCode(unit);
    const recordDate = i % 3 === 0 ? 45400 + (i % 200) : `2024-0${1 + (i % 9)}-1${i % 10}`;
    const row = 2 + i - first;
    const sheet = item;
    if (item === "P1" || item === "P2") {
      const invention = i % 2 === 0;
      claims.push({
        sheet,
        row,
        item,
        units: {},
        columns: TRANSFER_COLUMNS,
        values: {
          claimantName: item === "P1" ? `重庆测试${unit}号大学` : name,
          claimantCode: code,
          claimantKind: item === "P1" ? "高校" : "小型",
          claimantDistrict: "渝北区",
          counterpartyName: item === "P1" ? name : "重庆大学",
          counterpartyKind: item === "P1" ? "小型" : i % 41 === 0 ? "大型企业" : "高校",
          counterpartyDistrict: item === "P1" ? "渝北区" : "沙坪坝区",
          patentNumber: patent(i, invention ? 1 : 2),
          patentType: invention ? "发明" : "实用新型",
          mode: i % 5 === 0 ? "许可" : "转让",
          count: 1,
          recordDate: i % 53 === 0 ? "2023-08-01" : recordDate,
        },
      });
    } else if (item === "P3") {
      claims.push({
        sheet,
        row,
        item,
        units: {},
        columns: FILING_COLUMNS,
        values: {
          claimantName: name,
          claimantCode: code,
          claimantKind: "中小微企业",
          productFilingNo: `CP${i}`,
          count: 1 + (i % 5),
          recordDate,
        },
      });
    } else {
      claims.push({
        sheet,
        row,
        item,
        units: { pledgeAmount: "wan" },
        columns: PLEDGE_COLUMNS,
        values: {
          claimantName: name,
          claimantCode: code,
          claimantKind: "中小微企业",
          pledgeAmount: 100 + (i % 4000),
          recordDate,
        },
      });
    }
  }
  return claims;
}

/**
 * What exactness is measured against: rate × count or 0.2 % of the amount in binary floats, summed per
 * unit and capped, scaled per item, each payout rounded on its own (totals may then be off by fen).
 */
function naiveFloat(claims: RawClaim[], policy: Policy): number {
  const rate = { P1: 4000, P2: 4000, P3: 1000, P4: 0.002 } as const;
  const perUnit = new Map<string, number>();
  const demand = new Map<PerformanceItemId, number>();
  for (const c of claims) {
    const v = c.values;
    const award = c.item === "P4" ? Number(v.pledgeAmount) * 10_000 * rate.P4 : Number(v.count ?? 1) * rate[c.item];
    const key = `${c.item}|${String(v.claimantCode)}`;
    perUnit.set(key, (perUnit.get(key) ?? 0) + award);
  }
  for (const [key, award] of perUnit) {
    const item = key.slice(0, 2) as PerformanceItemId;
    const capped = Math.min(award, performanceItem(policy, item).perUnitCap.toNumber());
    perUnit.set(key, capped);
    demand.set(item, (demand.get(item) ?? 0) + capped);
  }
  let paid = 0;
  for (const [key, capped] of perUnit) {
    const item = key.slice(0, 2) as PerformanceItemId;
    const budget = performanceItem(policy, item).budget.toNumber();
    const factor = Math.min(1, budget / (demand.get(item) ?? 1));
    paid += Math.round(capped * factor * 100) / 100;
  }
  return paid;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000, value };
}

const MB = 1024 * 1024;
const HEAP_MB = 16_384;

/**
 * The previous release's engine, compiled as this bench compiles the current one (`tsc -p tsconfig.bench.json`)
 * into this folder at the repository's root, or the folder `BENCH_PREVIOUS` names. Made by hand, never fetched:
 *   git worktree add /tmp/previous <tag> && ln -s "$PWD/node_modules" /tmp/previous/node_modules &&
 *   npx tsc -p /tmp/previous/tsconfig.bench.json --outDir "$PWD/lib-previous"
 */
const PREVIOUS = path.resolve(__dirname, "../..", process.env.BENCH_PREVIOUS ?? "lib-previous");

interface Engine {
  balance: typeof balance;
  defaultPolicy: typeof defaultPolicy;
}

function engineAt(root: string | undefined): Engine {
  if (root === undefined) return { balance, defaultPolicy };

  const engine = require(path.join(root, "src/engine")) as Pick<Engine, "balance">;
  const policy = require(path.join(root, "src/policy")) as Pick<Engine, "defaultPolicy">;

  return { balance: engine.balance, defaultPolicy: policy.defaultPolicy };
}

interface Measured {
  /** Balance time of each run, in order: wall and CPU (the machine is shared, so both). */
  ms: number[];
  cpuMs: number[];
  /** Heap the first run's result keeps, and the process's peak RSS. */
  heapMb: number;
  rssMb: number;
  /** The naive float balance of the first run's claims, in the same process: wall and CPU. */
  floatMs: number;
  floatCpuMs: number;
}

/**
 * In this process: warm the JIT on 2k and 10k claims, then balance n claims `runs` times back to back, each
 * time other units and patents (so no run finds what an earlier one left in a memo).
 */
function measure(n: number, runs: number, first: number, root?: string): Measured {
  const engine = engineAt(root);
  const policy = engine.defaultPolicy();
  engine.balance(generateClaims(2_000, first), policy, {});
  engine.balance(generateClaims(10_000, first + 2_000), policy, {});
  const measured: Measured = { ms: [], cpuMs: [], heapMb: 0, rssMb: 0, floatMs: 0, floatCpuMs: 0 };
  for (let run = 0; run < runs; run++) {
    const claims = generateClaims(n, first + 12_000 + run * n);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const exact: { ms: number; cpuMs: number; value: BalanceResult } = time(() => engine.balance(claims, policy, {}));
    if (exact.value.rows.length !== n) throw new Error(`balance returned ${exact.value.rows.length} rows for ${n}`);
    measured.ms.push(exact.ms);
    measured.cpuMs.push(exact.cpuMs);
    if (run === 0) {
      measured.heapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
      measured.rssMb = process.resourceUsage().maxRSS / 1024;
      const float = time(() => naiveFloat(claims, policy));
      measured.floatMs = float.ms;
      measured.floatCpuMs = float.cpuMs;
    }
  }
  return measured;
}

/** `measure` in a fresh Node process, as the command balances a ledger: one process, one run. */
function measureInChild(n: number, runs: number, first: number, root?: string): Measured {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, __filename, String(n), String(runs), String(first), ...(root ? [root] : [])],
    { encoding: "utf8", maxBuffer: 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`${n.toLocaleString("en")} claims: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout) as Measured;
}

/**
 * Runs per size, each in a fresh process: the median of three is the figure (one run swings by ±5 % on an idle
 * machine, far more when other work shares its two cores); 1M runs once.
 */
function runsFor(n: number): number {
  return n < 1_000_000 ? 3 : 1;
}

/** Issue 19: the engine on 100k claims (median, fresh process) and on 1M. */
const TARGETS: Record<number, { ms: number; timesFloat?: number; rssMb?: number }> = {
  100_000: { ms: 400, timesFloat: 4 },
  1_000_000: { ms: 5_000, rssMb: 1_024 },
};

interface Row {
  n: number;
  runs: Measured[];
  ms: number;
  cpuMs: number;
}

function rowOf(n: number, runs: Measured[]): Row {
  return { n, runs, ms: median(runs.map((r) => r.ms[0])), cpuMs: median(runs.map((r) => r.cpuMs[0])) };
}

function verdict(r: Row): string {
  const target = TARGETS[r.n];
  if (!target) return "";
  const float = median(r.runs.map((m) => m.floatMs));
  const misses = [
    r.ms > target.ms ? `over ${target.ms.toLocaleString("en")} ms` : "",
    target.timesFloat && r.ms > target.timesFloat * float ? `over ${target.timesFloat}× float` : "",
    target.rssMb && r.runs[0].rssMb > target.rssMb ? `over ${target.rssMb.toLocaleString("en")} MB` : "",
  ].filter(Boolean);
  return misses.length === 0 ? "met" : `NOT met (${misses.join(", ")})`;
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  const previous: Row[] = [];
  const hasPrevious = existsSync(path.join(PREVIOUS, "src/engine/index.js"));
  const failures: string[] = [];
  for (const n of SIZES) {
    const sizes = Array.from({ length: runsFor(n) }, (_, i) => i * 4 * n);
    try {
      rows.push(
        rowOf(
          n,
          sizes.map((first) => measureInChild(n, 1, first)),
        ),
      );
      // The same claims (same `first`), balanced by the previous release's engine.
      if (hasPrevious)
        previous.push(
          rowOf(
            n,
            sizes.map((first) => measureInChild(n, 1, first, PREVIOUS)),
          ),
        );
    } catch (e) {
      failures.push(`${n.toLocaleString("en")} claims: balance failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const f0 = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 0 });
  const out = [
    "| claims | engine ms (median) | runs ms | engine CPU ms | naive float ms | ÷ float | float CPU ms | ÷ float, CPU | previous ms | ÷ previous | previous CPU ms | ÷ previous, CPU | peak RSS MB | previous RSS MB | heap kept MB | target (issue 19) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows
      .map((r) => {
        const float = median(r.runs.map((m) => m.floatMs));
        const floatCpu = median(r.runs.map((m) => m.floatCpuMs));
        const p = previous.find((x) => x.n === r.n);
        return [
          r.n.toLocaleString("en"),
          f0(r.ms),
          r.runs.map((m) => f0(m.ms[0])).join(" / "),
          f0(r.cpuMs),
          f0(float),
          `${(r.ms / float).toFixed(1)}×`,
          f0(floatCpu),
          `${(r.cpuMs / floatCpu).toFixed(1)}×`,
          p ? f0(p.ms) : "not run",
          p ? `${(r.ms / p.ms).toFixed(2)}×` : "–",
          p ? f0(p.cpuMs) : "not run",
          p ? `${(r.cpuMs / p.cpuMs).toFixed(2)}×` : "–",
          f0(r.runs[0].rssMb),
          p ? f0(p.runs[0].rssMb) : "not run",
          f0(r.runs[0].heapMb),
          verdict(r),
        ].join(" | ");
      })
      .map((line) => `| ${line} |`),
  ];
  if (!hasPrevious) out.push("", `previous release: not run (no compiled engine at ${PREVIOUS})`);
  const hundredK = rows.find((r) => r.n === 100_000);
  if (hundredK) {
    // A process that balances again and again (the task pane's) pays for the heap the last result left behind.
    const again = measureInChild(100_000, 3, 0).ms;
    out.push("", `100k claims three times back to back in one process: ${again.map(f0).join(" / ")} ms`);
  }
  out.push(...failures);
  process.stdout.write(out.join("\n") + "\n");
}

if (require.main === module) {
  const [n, runs, first] = process.argv.slice(2, 5).map(Number);
  process.stdout.write(JSON.stringify(measure(n, runs, first, process.argv[5])));
}
