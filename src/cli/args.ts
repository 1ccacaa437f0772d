/** Command-line arguments → what to run. Anything unclear is a usage error (exit 1), never a guess. */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "util";
import Decimal from "decimal.js";
import type { ItemId, Lang, PerformanceItemId, Rounding } from "../engine/types";
import { ALL_ITEMS, PERFORMANCE_ITEMS } from "../engine/types";
import type { SheetOverride } from "../ledger";

export const USAGE = `Usage:
  patent-awards balance LEDGER.xlsx [options]
  patent-awards publicity START [--days N]
  patent-awards explain RESULT.xlsx "Sheet!12" [options]
  patent-awards --help | --version

balance options:
  --out RESULT.xlsx        write the ledger with output columns and the summary sheets (never the input file)
  --json RESULT.json       write the result as JSON
  --policy FILE            another notice's policy file (default: 渝北市监〔2024〕12号)
  --prior PAID.xlsx        earlier payouts: a 已兑付 sheet or an earlier run's result
  --compare EARLIER.xlsx   an earlier result of this batch: the 变更 sheet says what changed since
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

explain: why one ledger row of a result got its payout, step by step (Sheet!12, Sheet!B12 or 'My sheet'!12).
  The result is balanced again with the options its 运行记录 recorded; an option given here overrides them.
  --json                   print the explanation as JSON
  --lang zh|en             language (default zh)
  --policy FILE            the policy file the result was made with
  --prior PAID.xlsx        the earlier payouts the result was balanced with, when they came from --prior
  --round, --no-reallocate, --priority, --batch, --budget   as for balance
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
  /** An earlier result to compare with (变更). */
  compare?: string;
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

/** `explain RESULT.xlsx "Sheet!12"`: options not given are taken from the result's 运行记录. */
export interface ExplainArgs {
  command: "explain";
  result: string;
  sheet: string;
  /** 1-based Excel row. */
  row: number;
  json: boolean;
  lang: Lang;
  policy?: string;
  prior?: string;
  reallocate?: boolean;
  priority?: ItemId[];
  rounding?: Rounding;
  batch?: number;
  budgets: Partial<Record<ItemId, Decimal>>;
}

export type Args = BalanceArgs | PublicityArgs | ExplainArgs | { command: "help" } | { command: "version" };

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

/** The options, as util.parseArgs reads them; the repeatable ones are `multiple`. */
const OPTIONS = {
  out: { type: "string" },
  json: { type: "string" },
  policy: { type: "string" },
  prior: { type: "string" },
  compare: { type: "string" },
  "no-reallocate": { type: "boolean" },
  priority: { type: "string" },
  round: { type: "string" },
  lang: { type: "string" },
  batch: { type: "string" },
  budget: { type: "string", multiple: true },
  "valid-patents": { type: "string" },
  survey: { type: "string" },
  days: { type: "string" },
  sheet: { type: "string", multiple: true },
  "header-row": { type: "string", multiple: true },
  skip: { type: "string", multiple: true },
} as const;

/** What util.parseArgs is shown in place of a word with one dash: no option, no `P2=` word. */
const ONE_DASH_WORD = "\0";

/**
 * The words after the command, read by util.parseArgs from its tokens as this tool has always read them: only a
 * `--` word is an option (one with one dash, such as -5 or -old.xlsx, is a value or a positional),
 * `--budget P2=10000 P3=5000` takes each P…= word after its value, and Node's errors keep our words.
 */
function readWords(
  rest: string[],
  config: ParseArgsConfig["options"] = OPTIONS,
): { positional: string[]; options: Map<string, string[]>; flags: Set<string> } {
  const args = rest.map((a) => (/^-[^-]/.test(a) ? ONE_DASH_WORD : a));
  let tokens;
  try {
    ({ tokens } = nodeParseArgs({ args, options: config, strict: true, allowPositionals: true, tokens: true }));
  } catch (e) {
    throw usageError(e);
  }
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  let budgetWord = -1; // where one more P…= word would still belong to --budget
  for (const t of tokens) {
    if (t.kind === "option-terminator") throw new UsageError("unknown option --");
    // Words are taken from `rest` by their place: util.parseArgs saw ONE_DASH_WORD for some.
    if (t.kind === "positional") {
      if (t.index === budgetWord && /^P\d=/i.test(rest[t.index])) {
        options.get("--budget")!.push(rest[budgetWord++]);
      } else positional.push(rest[t.index]);
    } else if (t.value === undefined) flags.add(t.rawName);
    else {
      const name = `--${t.name}`;
      options.set(name, [...(options.get(name) ?? []), t.inlineValue ? t.value : rest[t.index + 1]]);
      if (name === "--budget" && !t.inlineValue) budgetWord = t.index + 2;
    }
  }
  return { positional, options, flags };
}

/**
 * util.parseArgs's errors in the words this tool has always used, the option read from Node's message (where it
 * stands in quotes); should Node ever word it otherwise, its own message is shown, still a usage error (exit 1).
 */
function usageError(e: unknown): unknown {
  const { code, message } = e as NodeJS.ErrnoException;
  const unknown = /^Unknown option '(.*)'\. To specify a positional/s.exec(message);
  // "--bogus=1" is the option "--bogus", as is "--=1" the option "--".
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown)
    return new UsageError(`unknown option ${unknown[1].split("=")[0]}`);
  // "argument missing" at the end, "argument is ambiguous" before another -- word: both had no value.
  const missing = /^Option '(--[^' ]+)/.exec(message);
  // A flag given a value (`--no-reallocate=no`) is unclear, so refused rather than guessed.
  if (missing && / does not take an argument/.test(message)) return new UsageError(`${missing[1]} takes no value`);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && missing) return new UsageError(`${missing[1]} needs a value`);
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_") ? new UsageError(message) : e;
}

export function parseArgs(argv: string[]): Args {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) return { command: "help" };
  if (argv.includes("--version") || argv.includes("-v")) return { command: "version" };
  const [command, ...rest] = argv;
  const { positional, options, flags } = readWords(rest, command === "explain" ? EXPLAIN_OPTIONS : OPTIONS);
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
  if (command === "explain") return explainArgs(positional, options, flags, one);
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
    compare: one("--compare"),
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

/** explain's options: `--json` prints JSON (no file), the others as for balance. */
const EXPLAIN_OPTIONS = {
  json: { type: "boolean" },
  lang: OPTIONS.lang,
  policy: OPTIONS.policy,
  prior: OPTIONS.prior,
  "no-reallocate": OPTIONS["no-reallocate"],
  priority: OPTIONS.priority,
  round: OPTIONS.round,
  batch: OPTIONS.batch,
  budget: OPTIONS.budget,
} as const;

function explainArgs(
  positional: string[],
  options: Map<string, string[]>,
  flags: Set<string>,
  one: (name: string) => string | undefined,
): ExplainArgs {
  if (positional.length !== 2) throw new UsageError('explain needs a result workbook and a cell, e.g. "Sheet!12"');
  const { sheet, row } = cellArg(positional[1]);
  const round = one("--round");
  if (round !== undefined && round !== "fen" && round !== "yuan")
    throw new UsageError(`--round: fen or yuan, got "${round}"`);
  const lang = one("--lang") ?? "zh";
  if (lang !== "zh" && lang !== "en") throw new UsageError(`--lang: zh or en, got "${lang}"`);
  const priority = one("--priority");
  if (flags.has("--no-reallocate") && priority !== undefined) {
    throw new UsageError("--priority orders reallocation, which --no-reallocate turns off");
  }
  const batch = one("--batch");
  const budgets: Partial<Record<ItemId, Decimal>> = {};
  for (const spec of options.get("--budget") ?? []) {
    const m = /^(P\d)=(\d+(?:\.\d+)?)$/i.exec(spec.replace(/,/g, ""));
    if (!m) throw new UsageError(`--budget: expected ITEM=AMOUNT such as P2=10000, got "${spec}"`);
    budgets[itemId(m[1], "--budget")] = new Decimal(m[2]);
  }
  return {
    command: "explain",
    result: positional[0],
    sheet,
    row,
    json: flags.has("--json"),
    lang,
    policy: one("--policy"),
    prior: one("--prior"),
    reallocate: flags.has("--no-reallocate") ? false : undefined,
    priority: priority
      ?.split(/[,，\s]+/)
      .filter(Boolean)
      .map((p) => itemId(p, "--priority")),
    rounding: round as Rounding | undefined,
    batch: batch === undefined ? undefined : wholeNumber(batch, "--batch", 1),
    budgets,
  };
}

/** `Sheet!12`, `Sheet!B12` (any cell of the row), `'My sheet'!12` (a quote in the name doubled, as Excel writes it). */
export function cellArg(text: string): { sheet: string; row: number } {
  const bang = text.lastIndexOf("!");
  const cell = /^\$?[A-Za-z]{0,3}\$?(\d+)$/.exec(text.slice(bang + 1).trim());
  let sheet = text.slice(0, Math.max(bang, 0));
  if (/^'.*'$/s.test(sheet)) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const row = cell ? Number(cell[1]) : NaN;
  if (bang <= 0 || sheet === "" || !Number.isSafeInteger(row) || row < 1) {
    throw new UsageError(`explain: expected a cell such as "Sheet!12", "Sheet!B12" or "'My sheet'!12", got "${text}"`);
  }
  return { sheet, row };
}
