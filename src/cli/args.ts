/** Command-line arguments → what to run. Anything unclear is a usage error (exit 1), never a guess. */
import Decimal from "decimal.js";
import type { ItemId, Lang, PerformanceItemId, Rounding } from "../engine/types";
import { ALL_ITEMS, PERFORMANCE_ITEMS } from "../engine/types";
import type { SheetOverride } from "../ledger";

export const USAGE = `Usage:
  patent-awards balance LEDGER.xlsx [options]
  patent-awards publicity START [--days N]
  patent-awards --help | --version

balance options:
  --out RESULT.xlsx        write the ledger with output columns and the summary sheets (never the input file)
  --json RESULT.json       write the result as JSON
  --policy FILE            another notice's policy file (default: 渝北市监〔2024〕12号)
  --prior PAID.xlsx        earlier payouts: a 已兑付 sheet or an earlier run's result
  --no-reallocate          keep each item's unspent money where it is (§四(三) 可调剂)
  --priority P2,P4,…       move unspent money to items in this order instead of by shortfall
  --round fen|yuan         round payouts to the fen (default) or to whole 元
  --lang zh|en             language of headers, statuses and reasons (default zh)
  --batch 1|2              the batch this run pays
  --budget P2=10000 …      what-if: an item's budget in 元 (repeatable)
  --valid-patents N        the universities' valid patents, for K5
  --survey S/A             satisfied/answered survey replies, for K10
  --sheet NAME=P2          the item a sheet holds, when no item column or sheet name tells (repeatable)
  --header-row NAME=3      a sheet's header row, when it is not found in the first 15 rows (repeatable)
  --skip NAME              read nothing from this sheet (repeatable)

publicity: prints the last day of publicity, START counting as day 1 when it is a working day.
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface BalanceArgs {
  command: "balance";
  ledger: string;
  out?: string;
  json?: string;
  policy?: string;
  prior?: string;
  reallocate?: boolean;
  priority?: ItemId[];
  rounding?: Rounding;
  lang: Lang;
  batch?: number;
  budgets: Partial<Record<ItemId, Decimal>>;
  validPatents?: number;
  survey?: { satisfied: number; answered: number };
  /** What the user decided for named sheets, as the task pane saves it in the workbook. */
  sheets: Record<string, SheetOverride>;
}

export interface PublicityArgs {
  command: "publicity";
  start: string;
  days?: number;
}

export type Args = BalanceArgs | PublicityArgs | { command: "help" } | { command: "version" };

function itemId(s: string, option: string): ItemId {
  const id = s.trim().toUpperCase();
  if (!(ALL_ITEMS as readonly string[]).includes(id)) throw new UsageError(`${option}: unknown item "${s}" (P1…P8)`);
  return id as ItemId;
}

function wholeNumber(s: string, option: string, min: number): number {
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${option}: expected a whole number ≥ ${min}, got "${s}"`);
  return n;
}

export function parseArgs(argv: string[]): Args {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) return { command: "help" };
  if (argv.includes("--version") || argv.includes("-v")) return { command: "version" };
  const [command, ...rest] = argv;
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const takesValue = new Set([
    "--out",
    "--json",
    "--policy",
    "--prior",
    "--priority",
    "--round",
    "--lang",
    "--batch",
    "--budget",
    "--valid-patents",
    "--survey",
    "--days",
    "--sheet",
    "--header-row",
    "--skip",
  ]);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "--no-reallocate") {
      flags.add(name);
      continue;
    }
    if (!takesValue.has(name)) throw new UsageError(`unknown option ${name}`);
    const values = options.get(name) ?? [];
    if (eq > 0) values.push(arg.slice(eq + 1));
    else {
      // --budget takes several P=amount words until the next option.
      if (i + 1 >= rest.length || rest[i + 1].startsWith("--")) throw new UsageError(`${name} needs a value`);
      values.push(rest[++i]);
      while (name === "--budget" && i + 1 < rest.length && /^P\d=/i.test(rest[i + 1])) values.push(rest[++i]);
    }
    options.set(name, values);
  }
  const one = (name: string): string | undefined => {
    const v = options.get(name);
    if (v && v.length > 1) throw new UsageError(`${name} given more than once`);
    return v?.[0];
  };

  if (command === "publicity") {
    if (positional.length !== 1) throw new UsageError("publicity needs one start date, e.g. 2024-09-27");
    const unexpected = [...options.keys(), ...flags].filter((o) => o !== "--days");
    if (unexpected.length > 0) throw new UsageError(`publicity does not take ${unexpected.join(", ")}`);
    const days = one("--days");
    return {
      command: "publicity",
      start: positional[0],
      days: days === undefined ? undefined : wholeNumber(days, "--days", 1),
    };
  }
  if (command !== "balance") throw new UsageError(`unknown command "${command}"`);
  if (positional.length !== 1) throw new UsageError("balance needs exactly one ledger workbook");
  if (options.has("--days")) throw new UsageError("--days belongs to the publicity command");

  const round = one("--round");
  if (round !== undefined && round !== "fen" && round !== "yuan")
    throw new UsageError(`--round: fen or yuan, got "${round}"`);
  const lang = one("--lang") ?? "zh";
  if (lang !== "zh" && lang !== "en") throw new UsageError(`--lang: zh or en, got "${lang}"`);
  const batch = one("--batch");
  const priority = one("--priority");
  const survey = one("--survey");
  const validPatents = one("--valid-patents");

  const budgets: Partial<Record<ItemId, Decimal>> = {};
  for (const spec of options.get("--budget") ?? []) {
    const m = /^(P\d)=(\d+(?:\.\d+)?)$/i.exec(spec.replace(/,/g, ""));
    if (!m) throw new UsageError(`--budget: expected ITEM=AMOUNT such as P2=10000, got "${spec}"`);
    budgets[itemId(m[1], "--budget")] = new Decimal(m[2]);
  }
  let surveyCounts: BalanceArgs["survey"];
  if (survey !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(survey);
    if (!m || Number(m[2]) === 0 || Number(m[1]) > Number(m[2])) {
      throw new UsageError(`--survey: expected satisfied/answered such as 95/100, got "${survey}"`);
    }
    surveyCounts = { satisfied: Number(m[1]), answered: Number(m[2]) };
  }
  const sheets: Record<string, SheetOverride> = {};
  const sheet = (name: string): SheetOverride => (sheets[name] ??= {});
  for (const spec of options.get("--sheet") ?? []) {
    const [name, item] = sheetAndValue(spec, "--sheet", "NAME=P2");
    const id = item.trim().toUpperCase();
    if (!(PERFORMANCE_ITEMS as readonly string[]).includes(id)) {
      throw new UsageError(`--sheet ${name}: a ledger sheet holds P1, P2, P3 or P4, got "${item}"`);
    }
    sheet(name).item = id as PerformanceItemId;
  }
  for (const spec of options.get("--header-row") ?? []) {
    const [name, row] = sheetAndValue(spec, "--header-row", "NAME=3");
    sheet(name).headerRow = wholeNumber(row.trim(), `--header-row ${name}`, 1);
  }
  for (const name of options.get("--skip") ?? []) sheet(name).skip = true;

  if (flags.has("--no-reallocate") && priority !== undefined) {
    throw new UsageError("--priority orders reallocation, which --no-reallocate turns off");
  }
  return {
    command: "balance",
    ledger: positional[0],
    out: one("--out"),
    json: one("--json"),
    policy: one("--policy"),
    prior: one("--prior"),
    reallocate: flags.has("--no-reallocate") ? false : undefined,
    priority: priority
      ?.split(/[,，\s]+/)
      .filter(Boolean)
      .map((p) => itemId(p, "--priority")),
    rounding: round as Rounding | undefined,
    lang,
    batch: batch === undefined ? undefined : wholeNumber(batch, "--batch", 1),
    budgets,
    validPatents: validPatents === undefined ? undefined : wholeNumber(validPatents, "--valid-patents", 0),
    survey: surveyCounts,
    sheets,
  };
}

/** `NAME=VALUE`, split at the last `=` (a sheet name may hold one; an item or a row number never does). */
function sheetAndValue(spec: string, option: string, example: string): [string, string] {
  const eq = spec.lastIndexOf("=");
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`${option}: expected ${example}, got "${spec}"`);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}
