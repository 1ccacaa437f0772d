/** Command-line arguments → what to run. Anything unclear is a usage error (exit 1), never a guess. */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "util";
import Decimal from "decimal.js";
import type { ItemId, Lang, PerformanceItemId, Rounding } from "../engine/types";
import { ALL_ITEMS, PERFORMANCE_ITEMS } from "../engine/types";
import { parseDate } from "../engine/values";
import { columnIndex, FIELD_LABELS, fieldNamed, type SheetOverride } from "../ledger";

/** The commands `help COMMAND` (and `COMMAND --help`) show a part of the help for. */
export const HELP_TOPICS = ["balance", "explain", "publicity"] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/** One part of the help: for every topic (undefined) or for one command's. */
interface HelpPart {
  topic?: HelpTopic;
  text: string;
}

const HELP_EN: { usage: HelpPart[]; parts: HelpPart[]; examples: HelpPart[]; note: string } = {
  usage: [
    { topic: "balance", text: "  patent-awards balance LEDGER.xlsx [options]" },
    { topic: "publicity", text: "  patent-awards publicity START [--days N] [--holidays FILE] [--lang zh|en]" },
    { topic: "explain", text: '  patent-awards explain RESULT.xlsx "Sheet!12" [options]' },
    { text: "  patent-awards help [balance|explain|publicity] [--lang zh|en]" },
    { text: "  patent-awards --help | --version" },
  ],
  parts: [
    {
      topic: "balance",
      text: `balance options:
  --out RESULT.xlsx        write the ledger with output columns and the summary sheets (never the input file)
  --json RESULT.json       write the result as JSON
  --policy FILE            another notice's policy file (default: 渝北市监〔2024〕12号)
  --prior PAID.xlsx        earlier payouts: a 已兑付 sheet or an earlier run's result
  --compare EARLIER.xlsx   an earlier result of this batch: the 变更 sheet says what changed since
  --no-reallocate          keep each item's unspent money where it is (§四(三) 可调剂)
  --priority P2,P4,…       move unspent money to items in this order instead of by shortfall
  --round fen|yuan         round payouts to the fen (default) or to whole 元
  --lang zh|en             language of the result's headers, statuses and reasons (default zh) and of the
                           messages (default: the system's; Chinese unless it is English)
  --batch 1|2              the batch this run pays
  --budget P2=10000 …      what-if: an item's budget in 元 (repeatable)
  --publicity-start DATE   the first day of publicity (2024-09-27, 2024/9/27, 2024.9.27, 2024年9月27日):
                           公示名单 gets its period (without it, a draft)
  --contact TEXT           where objections to 公示名单 go: "张三 023-67800000", or "联系人=张三;电话=…;地址=…"
                           (kept in 运行记录: the next run of the result uses it unless given again)
  --valid-patents N        the universities' valid patents, for K5
  --survey S/A             satisfied/answered survey replies, for K10
  --sheet NAME=P2          the item a sheet holds, when no item column or sheet name tells (repeatable)
  --header-row NAME=3      a sheet's header row, when it is not found in the first 15 rows (repeatable)
  --column NAME!B=FIELD    the column holding a field, when its header does not say (a typo): FIELD by its name
                           in messages (申报单位, 质押融资金额, …), any header name it is known by, or its id
                           (claimantName); e.g. --column "专利质押融资!G=质押融资金额" (repeatable)
  --skip NAME              read nothing from this sheet (repeatable)`,
    },
    {
      topic: "publicity",
      text: `publicity: prints the last day of publicity, START counting as day 1 when it is a working day.
  START is a date: 2024-09-27, 2024/9/27, 2024.9.27 or 2024年9月27日.
  --days N                 working days of publicity (default: the policy's)
  --holidays FILE          your holidays (.xlsx or .csv, columns 日期 and 类型: 节假日 or 调休): they override the
                           built-in calendar for the dates listed, and give the years it does not cover
  --lang zh|en             language of the messages (default: the system's; Chinese unless it is English)`,
    },
    {
      topic: "explain",
      text: `explain: why one ledger row of a result got its payout, step by step (Sheet!12, Sheet!B12 or 'My sheet'!12).
  The result is balanced again with the options its 运行记录 recorded; an option given here overrides them.
  --json                   print the explanation as JSON
  --lang zh|en             language (default: the system's; Chinese unless it is English)
  --policy FILE            the policy file the result was made with
  --prior PAID.xlsx        the earlier payouts the result was balanced with, when they came from --prior
  --round, --no-reallocate, --priority, --batch, --budget   as for balance`,
    },
  ],
  examples: [
    {
      topic: "balance",
      text: `  balance the sample ledger, write the result workbook and the result as JSON:
    patent-awards balance examples/sample-ledger.xlsx --out out/sample-result.xlsx --json out/sample-result.json
  batch 2, counting what batch 1 paid (its result, or a workbook with a 已兑付 sheet):
    patent-awards balance batch2-ledger.xlsx --batch 2 --prior out/batch1-result.xlsx --out out/batch2-result.xlsx
  what-if (not official): who would get what if P2 had 300000 元:
    patent-awards balance examples/sample-ledger.xlsx --budget P2=300000`,
    },
    {
      topic: "explain",
      text: `  why row 5 of the sheet 专利质押融资 in a result is paid what it is:
    patent-awards explain out/sample-result.xlsx "专利质押融资!5"`,
    },
    {
      topic: "publicity",
      text: `  the last day of a publicity that starts on 2024-09-27:
    patent-awards publicity 2024-09-27`,
    },
  ],
  note:
    "Help and messages are in English with --lang en, or when the system language (LC_ALL, LC_MESSAGES, LANG) is " +
    "English; in Chinese otherwise (C.UTF-8 and POSIX included) and with --lang zh.",
};

const HELP_ZH: typeof HELP_EN = {
  usage: [
    { topic: "balance", text: "  patent-awards balance LEDGER.xlsx [选项]" },
    { topic: "publicity", text: "  patent-awards publicity START [--days N] [--holidays FILE] [--lang zh|en]" },
    { topic: "explain", text: '  patent-awards explain RESULT.xlsx "Sheet!12" [选项]' },
    { text: "  patent-awards help [balance|explain|publicity] [--lang zh|en]" },
    { text: "  patent-awards --help | --version" },
  ],
  parts: [
    {
      topic: "balance",
      text: `balance（平衡台账）选项：
  --out RESULT.xlsx        写出结果工作簿：台账加输出列及汇总等工作表（绝不覆盖输入文件）
  --json RESULT.json       将结果写成 JSON 文件
  --policy FILE            其他通知的政策文件（默认：渝北市监〔2024〕12号）
  --prior PAID.xlsx        往期兑付：含「已兑付」工作表的工作簿，或往期运行的结果
  --compare EARLIER.xlsx   本批次较早的一次结果：「变更」工作表列出此后的变化
  --no-reallocate          各项目结余资金留在本项目，不作调剂（§四(三) 可调剂）
  --priority P2,P4,…       结余资金按此顺序调剂给各项目，而不是按缺口比例
  --round fen|yuan         兑付金额保留到分（默认）或取整到元
  --lang zh|en             结果中表头、状态和原因的语言（默认 zh），以及提示信息的语言（默认随系统语言：
                           系统语言为英文时用英文，否则用中文）
  --batch 1|2              本次兑付的批次
  --budget P2=10000 …      测算：某项目的预算，单位元（可重复）
  --publicity-start DATE   公示开始日期（2024-09-27、2024/9/27、2024.9.27、2024年9月27日 均可）：
                           公示名单填入公示期（不给出则为草稿）
  --contact TEXT           公示期间受理异议的联系方式：如 "张三 023-67800000"，或 "联系人=张三;电话=…;地址=…"
                           （记入运行记录：再次运行该结果时沿用，除非重新给出）
  --valid-patents N        高校院所有效专利数，用于 K5
  --survey S/A             满意数/回答数（问卷），用于 K10
  --sheet NAME=P2          工作表所属项目，没有项目列、表名也看不出时指定（可重复）
  --header-row NAME=3      工作表的表头行，前 15 行中找不到时指定（可重复）
  --column NAME!B=FIELD    某字段所在的列，表头看不出时（如列名有错字）指定：FIELD 用提示中的名称（申报单位、
                           质押融资金额等）、任一可识别的列名或字段编号（claimantName）；
                           如 --column "专利质押融资!G=质押融资金额"（可重复）
  --skip NAME              不读取该工作表（可重复）`,
    },
    {
      topic: "publicity",
      text: `publicity（公示期）：打印公示期的最后一天；START 为工作日时计为第 1 天。
  START 为日期：2024-09-27、2024/9/27、2024.9.27 或 2024年9月27日。
  --days N                 公示期的工作日数（默认按政策文件）
  --holidays FILE          节假日安排（.xlsx 或 .csv，列：日期、类型（节假日/调休））：所列日期以此为准，
                           并补充内置数据未收录的年份
  --lang zh|en             提示信息的语言（默认随系统语言：系统语言为英文时用英文，否则用中文）`,
    },
    {
      topic: "explain",
      text: `explain（说明）：逐步说明结果中某一台账行为何得到该兑付金额（Sheet!12、Sheet!B12 或 'My sheet'!12）。
  按结果「运行记录」中记录的选项重新平衡；此处给出的选项优先。
  --json                   以 JSON 打印说明
  --lang zh|en             语言（默认随系统语言：系统语言为英文时用英文，否则用中文）
  --policy FILE            生成该结果所用的政策文件
  --prior PAID.xlsx        生成该结果时用 --prior 给出的往期兑付文件
  --round、--no-reallocate、--priority、--batch、--budget   同 balance`,
    },
  ],
  examples: [
    {
      topic: "balance",
      text: `  平衡示例台账，写出结果工作簿和 JSON：
    patent-awards balance examples/sample-ledger.xlsx --out out/sample-result.xlsx --json out/sample-result.json
  第 2 批兑付，扣除第 1 批已兑付的金额（第 1 批的结果，或含「已兑付」工作表的工作簿）：
    patent-awards balance batch2-ledger.xlsx --batch 2 --prior out/batch1-result.xlsx --out out/batch2-result.xlsx
  测算（非正式）：P2 预算为 300000 元时各单位得多少：
    patent-awards balance examples/sample-ledger.xlsx --budget P2=300000`,
    },
    {
      topic: "explain",
      text: `  说明结果中「专利质押融资」第 5 行为何兑付该金额：
    patent-awards explain out/sample-result.xlsx "专利质押融资!5"`,
    },
    {
      topic: "publicity",
      text: `  2024-09-27 开始公示，公示期的最后一天：
    patent-awards publicity 2024-09-27`,
    },
  ],
  note: "帮助和提示信息默认用中文；系统语言（LC_ALL、LC_MESSAGES、LANG）为英文时用英文；--lang en 显示英文，--lang zh 显示中文。",
};

/**
 * The help, whole or one command's part (`help balance`), in English or Chinese. Both start with "Usage:"
 * (the Chinese one with 用法), and both name the commands and options alike: only descriptions are translated.
 */
export function helpText(lang: Lang, topic?: HelpTopic): string {
  const help = lang === "zh" ? HELP_ZH : HELP_EN;
  const mine = (p: HelpPart) => topic === undefined || p.topic === undefined || p.topic === topic;
  const usage = help.usage.filter((p) => topic === undefined || p.topic === topic);
  return [
    `${lang === "zh" ? "用法 / Usage:" : "Usage:"}\n${usage.map((p) => p.text).join("\n")}`,
    ...help.parts.filter(mine).map((p) => p.text),
    `${lang === "zh" ? "示例：" : "Examples:"}\n${help.examples
      .filter(mine)
      .map((p) => p.text)
      .join("\n")}`,
    help.note,
  ]
    .join("\n\n")
    .concat("\n");
}

/** The whole help in English. */
export const USAGE = helpText("en");

/**
 * The language the command speaks when --lang does not say (issue 17): English when the system's is, as POSIX reads
 * it (LC_ALL, then LC_MESSAGES, then LANG, the first one set), else Chinese — C.UTF-8 and POSIX, the default of
 * servers and containers, included. When none is set, `intlLocale` decides: the caller passes the locale Node's Intl
 * reports on Windows, where these variables are rarely set, and nothing elsewhere (an unset locale is Chinese).
 */
export function systemLang(env: Record<string, string | undefined>, intlLocale?: string): Lang {
  const set = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== "");
  return /^en/i.test((set ?? intlLocale ?? "").trim()) ? "en" : "zh";
}

/** A refusal of the words given (exit 1), in both languages: the command prints the one it speaks. */
export class UsageError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = "UsageError";
  }
}

function usage(zh: string, en: string): UsageError {
  return new UsageError(zh, en);
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
  /** --lang: the result's language (zh when not given) and the messages' (the system's when not given). */
  lang?: Lang;
  batch?: number;
  budgets: Partial<Record<ItemId, Decimal>>;
  /** ISO date publicity starts (§四(二)): 公示名单 gets the period. */
  publicityStart?: string;
  /** Where objections to 公示名单 go, as typed (src/report/contact.ts). */
  contact?: string;
  validPatents?: number;
  survey?: { satisfied: number; answered: number };
  /** What the user decided for named sheets, as the task pane saves it in the workbook. */
  sheets: Record<string, SheetOverride>;
}

export interface PublicityArgs {
  command: "publicity";
  start: string;
  days?: number;
  /** The user's holidays and working weekends: an .xlsx or .csv file. */
  holidays?: string;
  /** The messages' language; the system's when not given. */
  lang?: Lang;
}

/** `explain RESULT.xlsx "Sheet!12"`: options not given are taken from the result's 运行记录. */
export interface ExplainArgs {
  command: "explain";
  result: string;
  sheet: string;
  /** 1-based Excel row. */
  row: number;
  json: boolean;
  /** The explanation's and messages' language; the system's when not given. */
  lang?: Lang;
  policy?: string;
  prior?: string;
  reallocate?: boolean;
  priority?: ItemId[];
  rounding?: Rounding;
  batch?: number;
  budgets: Partial<Record<ItemId, Decimal>>;
}

/** The help, whole or for one command; `lang` when --lang chose it (else the system's language). */
export interface HelpArgs {
  command: "help";
  topic?: HelpTopic;
  lang?: Lang;
}

export type Args = BalanceArgs | PublicityArgs | ExplainArgs | HelpArgs | { command: "version" };

const isTopic = (word: string | undefined): word is HelpTopic =>
  (HELP_TOPICS as readonly string[]).includes(word ?? "");

/**
 * The language --lang gives anywhere in the words (`--lang zh`, `--lang=en`), if it is one; never an error.
 * Undefined when there is no --lang, `null` when its value is no language this tool speaks.
 */
export function langOption(argv: string[]): Lang | null | undefined {
  for (let i = 0; i < argv.length; i++) {
    const m = /^--lang(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    const value = m[1] ?? argv[i + 1];
    return value === "zh" || value === "en" ? value : null;
  }
  return undefined;
}

/**
 * `--help`/`-h` anywhere (the command before it, if any, chooses the part shown), or `help [COMMAND]`; each may
 * take --lang. Undefined when the words ask for no help.
 */
function helpArgs(argv: string[]): HelpArgs | undefined {
  if (argv.length === 0) return { command: "help" };
  const flag = argv.includes("--help") || argv.includes("-h");
  if (!flag && argv[0] !== "help") return undefined;
  const lang = langOption(argv) ?? undefined;
  if (lang === undefined && argv.some((a) => /^--lang(=|$)/.test(a))) {
    const i = argv.findIndex((a) => /^--lang(=|$)/.test(a));
    const value = argv[i].includes("=") ? argv[i].slice("--lang=".length) : (argv[i + 1] ?? "");
    throw usage(`--lang 应为 zh 或 en，而不是「${value}」`, `--lang: zh or en, got "${value}"`);
  }
  if (flag) {
    const topic = isTopic(argv[0]) ? argv[0] : argv[0] === "help" && isTopic(argv[1]) ? argv[1] : undefined;
    return { command: "help", topic, lang };
  }
  const { positional, options, flags } = readWords(argv.slice(1), { lang: OPTIONS.lang });
  if (positional.length > 1 || flags.size > 0 || (options.get("--lang")?.length ?? 0) > 1) {
    throw usage(
      `help 只接受一个命令（${HELP_TOPICS.join("、")}）和 --lang`,
      `help takes one command (${HELP_TOPICS.join(", ")}) and --lang`,
    );
  }
  if (positional.length === 1 && !isTopic(positional[0])) {
    throw usage(
      `help：没有命令「${positional[0]}」（可用：${HELP_TOPICS.join("、")}）`,
      `help: unknown command "${positional[0]}" (${HELP_TOPICS.join(", ")})`,
    );
  }
  return { command: "help", topic: positional[0] as HelpTopic | undefined, lang };
}

function itemId(s: string, option: string): ItemId {
  const id = s.trim().toUpperCase();
  if (!(ALL_ITEMS as readonly string[]).includes(id))
    throw usage(`${option}：项目「${s}」不存在（应为 P1…P8）`, `${option}: unknown item "${s}" (P1…P8)`);
  return id as ItemId;
}

function wholeNumber(s: string, option: string, min: number): number {
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw usage(
      `${option} 应为不小于 ${min} 的整数，而不是「${s}」`,
      `${option}: expected a whole number ≥ ${min}, got "${s}"`,
    );
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
  "publicity-start": { type: "string" },
  contact: { type: "string" },
  "valid-patents": { type: "string" },
  survey: { type: "string" },
  days: { type: "string" },
  holidays: { type: "string" },
  sheet: { type: "string", multiple: true },
  "header-row": { type: "string", multiple: true },
  column: { type: "string", multiple: true },
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
    if (t.kind === "option-terminator") throw usage("没有选项 --", "unknown option --");
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
    return usage(`没有选项 ${unknown[1].split("=")[0]}`, `unknown option ${unknown[1].split("=")[0]}`);
  // "argument missing" at the end, "argument is ambiguous" before another -- word: both had no value.
  const missing = /^Option '(--[^' ]+)/.exec(message);
  // A flag given a value (`--no-reallocate=no`) is unclear, so refused rather than guessed.
  if (missing && / does not take an argument/.test(message))
    return usage(`${missing[1]} 不带值`, `${missing[1]} takes no value`);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && missing)
    return usage(`${missing[1]} 需要一个值`, `${missing[1]} needs a value`);
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")
    ? usage(`命令行参数有误（${message}）`, message)
    : e;
}

export function parseArgs(argv: string[]): Args {
  const help = helpArgs(argv);
  if (help) return help;
  if (argv.includes("--version") || argv.includes("-v")) return { command: "version" };
  const [command, ...rest] = argv;
  const { positional, options, flags } = readWords(rest, command === "explain" ? EXPLAIN_OPTIONS : OPTIONS);
  const one = (name: string): string | undefined => {
    const v = options.get(name);
    if (v && v.length > 1) throw usage(`${name} 只能给一次`, `${name} given more than once`);
    return v?.[0];
  };

  if (command === "publicity") {
    if (positional.length !== 1)
      throw usage("publicity 需要一个开始日期，如 2024-09-27", "publicity needs one start date, e.g. 2024-09-27");
    const taken = ["--days", "--holidays", "--lang"];
    const unexpected = [...options.keys(), ...flags].filter((o) => !taken.includes(o));
    if (unexpected.length > 0)
      throw usage(`publicity 不接受 ${unexpected.join("、")}`, `publicity does not take ${unexpected.join(", ")}`);
    const days = one("--days");
    const lang = langArg(one("--lang"));
    return {
      command: "publicity",
      start: positional[0],
      days: days === undefined ? undefined : wholeNumber(days, "--days", 1),
      holidays: one("--holidays"),
      ...(lang ? { lang } : {}),
    };
  }
  if (command === "explain") return explainArgs(positional, options, flags, one);
  if (command !== "balance") throw usage(`没有命令「${command}」`, `unknown command "${command}"`);
  if (positional.length !== 1)
    throw usage("balance 需要且只需要一个台账工作簿", "balance needs exactly one ledger workbook");
  if (options.has("--days")) throw usage("--days 是 publicity 命令的选项", "--days belongs to the publicity command");
  if (options.has("--holidays"))
    throw usage("--holidays 是 publicity 命令的选项", "--holidays belongs to the publicity command");

  const round = one("--round");
  if (round !== undefined && round !== "fen" && round !== "yuan")
    throw usage(`--round 应为 fen 或 yuan，而不是「${round}」`, `--round: fen or yuan, got "${round}"`);
  const lang = langArg(one("--lang"));
  const batch = one("--batch");
  const priority = one("--priority");
  const survey = one("--survey");
  const validPatents = one("--valid-patents");
  const publicityStart = dateArg(one("--publicity-start"), "--publicity-start");

  const budgets: Partial<Record<ItemId, Decimal>> = {};
  for (const spec of options.get("--budget") ?? []) {
    const m = /^(P\d)=(\d+(?:\.\d+)?)$/i.exec(spec.replace(/,/g, ""));
    if (!m)
      throw usage(
        `--budget 应为 项目=金额，如 P2=10000，而不是「${spec}」`,
        `--budget: expected ITEM=AMOUNT such as P2=10000, got "${spec}"`,
      );
    budgets[itemId(m[1], "--budget")] = new Decimal(m[2]);
  }
  let surveyCounts: BalanceArgs["survey"];
  if (survey !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(survey);
    if (!m || Number(m[2]) === 0 || Number(m[1]) > Number(m[2])) {
      throw usage(
        `--survey 应为 满意数/答卷数，如 95/100，而不是「${survey}」`,
        `--survey: expected satisfied/answered such as 95/100, got "${survey}"`,
      );
    }
    surveyCounts = { satisfied: Number(m[1]), answered: Number(m[2]) };
  }
  const sheets: Record<string, SheetOverride> = {};
  const sheet = (name: string): SheetOverride => (sheets[name] ??= {});
  for (const spec of options.get("--sheet") ?? []) {
    const [name, item] = sheetAndValue(spec, "--sheet", "NAME=P2");
    const id = item.trim().toUpperCase();
    if (!(PERFORMANCE_ITEMS as readonly string[]).includes(id)) {
      throw usage(
        `--sheet ${name}：台账工作表的项目应为 P1、P2、P3 或 P4，而不是「${item}」`,
        `--sheet ${name}: a ledger sheet holds P1, P2, P3 or P4, got "${item}"`,
      );
    }
    sheet(name).item = id as PerformanceItemId;
  }
  for (const spec of options.get("--header-row") ?? []) {
    const [name, row] = sheetAndValue(spec, "--header-row", "NAME=3");
    sheet(name).headerRow = wholeNumber(row.trim(), `--header-row ${name}`, 1);
  }
  for (const spec of options.get("--column") ?? []) {
    const [where, name] = sheetAndValue(spec, "--column", "NAME!B=申报单位");
    const bang = where.lastIndexOf("!");
    const letter =
      bang > 0
        ? where
            .slice(bang + 1)
            .trim()
            .toUpperCase()
        : "";
    if (columnIndex(letter) === undefined) {
      throw usage(
        `--column 应为 工作表!列=字段，如 专利质押融资!G=质押融资金额，而不是「${spec}」`,
        `--column: expected SHEET!COLUMN=FIELD such as 专利质押融资!G=质押融资金额, got "${spec}"`,
      );
    }
    const field = fieldNamed(name);
    if (!field) {
      const known = Object.values(FIELD_LABELS).map((l) => l.zh);
      throw usage(
        `--column ${where}：没有字段「${name}」（可用：${known.join("、")}）`,
        `--column ${where}: unknown field "${name}" (${known.join(", ")})`,
      );
    }
    const chosen = sheet(where.slice(0, bang));
    chosen.columns = { ...chosen.columns, [field]: letter };
  }
  for (const name of options.get("--skip") ?? []) sheet(name).skip = true;

  if (flags.has("--no-reallocate") && priority !== undefined) {
    throw usage(
      "--priority 规定资金调剂的顺序，而 --no-reallocate 关闭了调剂",
      "--priority orders reallocation, which --no-reallocate turns off",
    );
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
    ...(lang ? { lang } : {}),
    batch: batch === undefined ? undefined : wholeNumber(batch, "--batch", 1),
    budgets,
    publicityStart,
    contact: one("--contact")?.trim() || undefined,
    validPatents: validPatents === undefined ? undefined : wholeNumber(validPatents, "--valid-patents", 0),
    survey: surveyCounts,
    sheets,
  };
}

/** --lang's value: zh or en. */
function langArg(value: string | undefined): Lang | undefined {
  if (value !== undefined && value !== "zh" && value !== "en")
    throw usage(`--lang 应为 zh 或 en，而不是「${value}」`, `--lang: zh or en, got "${value}"`);
  return value;
}

/**
 * An option's date, as ISO: any form a ledger's date cell or `publicity START` takes (2024-09-27, 2024/9/27,
 * 2024.9.27, 2024年9月27日, 20240927) — one reader, src/engine/values.ts `parseDate`.
 */
function dateArg(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const date = parseDate(value);
  if (!date.ok)
    throw usage(
      `${option} 应为日期，如 2024-09-27、2024/9/27 或 2024年9月27日，而不是「${value}」`,
      `${option}: expected a date such as 2024-09-27, 2024/9/27 or 2024年9月27日, got "${value}"`,
    );
  return date.value;
}

/** `NAME=VALUE`, split at the last `=` (a sheet name may hold one; an item or a row number never does). */
function sheetAndValue(spec: string, option: string, example: string): [string, string] {
  const eq = spec.lastIndexOf("=");
  if (eq <= 0 || eq === spec.length - 1)
    throw usage(`${option} 应为 ${example} 的形式，而不是「${spec}」`, `${option}: expected ${example}, got "${spec}"`);
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
  if (positional.length !== 2)
    throw usage(
      "explain 需要一个结果工作簿和一个单元格，如「专利质押融资!12」",
      'explain needs a result workbook and a cell, e.g. "Sheet!12"',
    );
  const { sheet, row } = cellArg(positional[1]);
  const round = one("--round");
  if (round !== undefined && round !== "fen" && round !== "yuan")
    throw usage(`--round 应为 fen 或 yuan，而不是「${round}」`, `--round: fen or yuan, got "${round}"`);
  const lang = langArg(one("--lang"));
  const priority = one("--priority");
  if (flags.has("--no-reallocate") && priority !== undefined) {
    throw usage(
      "--priority 规定资金调剂的顺序，而 --no-reallocate 关闭了调剂",
      "--priority orders reallocation, which --no-reallocate turns off",
    );
  }
  const batch = one("--batch");
  const budgets: Partial<Record<ItemId, Decimal>> = {};
  for (const spec of options.get("--budget") ?? []) {
    const m = /^(P\d)=(\d+(?:\.\d+)?)$/i.exec(spec.replace(/,/g, ""));
    if (!m)
      throw usage(
        `--budget 应为 项目=金额，如 P2=10000，而不是「${spec}」`,
        `--budget: expected ITEM=AMOUNT such as P2=10000, got "${spec}"`,
      );
    budgets[itemId(m[1], "--budget")] = new Decimal(m[2]);
  }
  return {
    command: "explain",
    result: positional[0],
    sheet,
    row,
    json: flags.has("--json"),
    ...(lang ? { lang } : {}),
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
    throw usage(
      `explain 的单元格应为「工作表!12」「工作表!B12」或「'我的 表'!12」，而不是「${text}」`,
      `explain: expected a cell such as "Sheet!12", "Sheet!B12" or "'My sheet'!12", got "${text}"`,
    );
  }
  return { sheet, row };
}
