/**
 * `patent-awards`: balances a bureau ledger workbook and writes the result beside it (issue item 5).
 * Exit codes: 0 done, 1 bad arguments, 2 unusable input (missing file, not a workbook, no ledger,
 * bad policy file) or an output that cannot be written, 3 a bug (reported, never a stack dump alone).
 */
import path from "path";
import { packageVersion } from "../version";
import { publicityEnd } from "../engine/publicity";
import type { Lang } from "../engine/types";
import { parseDate } from "../engine/values";
import {
  csvGrid,
  FIELD_LABELS,
  holidayGrid,
  isIndicatorSheet,
  readHolidays,
  skippedSheets,
  type HolidayRead,
  type LedgerRead,
  type SheetProblem,
} from "../ledger";
import { LedgerTooLargeError } from "../ledger/limits";
import { jsonPieces } from "./jsonPieces";
import { changesLine, planBalance, type BalancedPlan, type Blocking, type Message, type Plan } from "../plan";
import { defaultPolicy, parsePolicyJson, PolicyError, readPolicy, type Policy } from "../policy";
import {
  assumptionLines,
  commandLabels,
  resultJson,
  summaryText,
  supportChecks,
  supportText,
  whatIfTitle,
  withoutBidi,
} from "../report";
import {
  carriedLines,
  NODE,
  planWorkbook,
  readWorkbook,
  resultWorkbook,
  SheetChoiceError,
  WorkbookError,
  type BalanceRequest,
  type Carried,
} from "../xlsx";
import {
  HELP_TOPICS,
  helpText,
  langOption,
  parseArgs,
  systemLang,
  UsageError,
  type BalanceArgs,
  type HelpTopic,
  type PublicityArgs,
} from "./args";
import { InputFileError, readInput, TEXT, WORKBOOK } from "./input";
import { fileErrorText } from "./fileErrors";
import { checkOutputsApart, checkOutputsWritable, OutputError } from "./paths";
import { writeWhole, type Output } from "./write";
import { explainRow, explanationText, recordedRun, writtenPayout, type RunOptions } from "../plan";
import type { ExplainArgs } from "./args";

/** Where output goes; tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Progress is shown on a terminal, or on any stream when the ledger is large. */
  errIsTTY: boolean;
  /** The environment the help's language is read from (LC_ALL, LC_MESSAGES, LANG); process.env when not given. */
  env?: Record<string, string | undefined>;
}

const PROCESS_IO: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  errIsTTY: Boolean(process.stderr.isTTY),
};

/** Above this many claims progress is shown even when stderr is not a terminal. */
const LARGE_LEDGER_ROWS = 5000;

/** An input the command cannot use (exit 2), in both languages: the command prints the one it speaks. */
class InputError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/**
 * The language the command speaks when --lang does not give it: the system's (tests pass an env). Intl's locale
 * only on Windows, where LANG and the like are rarely set; elsewhere none set is Chinese.
 */
function systemLanguage(io: Io): Lang {
  if (io.env) return systemLang(io.env);
  const windows = process.platform === "win32";
  return systemLang(process.env, windows ? Intl.DateTimeFormat().resolvedOptions().locale : undefined);
}

/** One of two texts, in the language the command speaks. */
const say = (lang: Lang, zh: string, en: string) => (lang === "en" ? en : zh);

export async function main(argv: string[], given: Io = PROCESS_IO): Promise<number> {
  // Nothing printed carries a bidi control from the workbook (report/safeText.ts).
  const io: Io = {
    ...given,
    out: (s) => given.out(withoutBidi(s)),
    err: (s) => given.err(withoutBidi(s)),
  };
  try {
    const args = parseArgs(argv);
    const lang = (args.command !== "version" && args.lang) || systemLanguage(io);
    switch (args.command) {
      case "help":
        io.out(helpText(lang, args.topic));
        return 0;
      case "version":
        io.out(`${packageVersion()}\n`);
        return 0;
      case "publicity":
        return await publicity(args, io);
      case "balance":
        return await runBalance(args, lang, io);
      case "explain":
        return await runExplain(args, lang, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      // In the language asked for or the system's, with the part of the help for the command given, if it is one.
      // A --lang that names no language this tool speaks leaves it unknown: both, Chinese first.
      const asked = langOption(argv);
      const lang = asked ?? systemLanguage(io);
      const topic = (HELP_TOPICS as readonly string[]).includes(argv[0]) ? (argv[0] as HelpTopic) : undefined;
      const message = asked === null ? e.message : e[lang];
      io.err(`patent-awards: ${message}\n\n${helpText(lang, topic)}`);
      return 1;
    }
    // Messages that come in both languages are printed in the one the command speaks.
    if (e instanceof InputError || e instanceof LedgerTooLargeError || e instanceof SheetChoiceError) {
      io.err(`patent-awards: ${e[langOption(argv) || systemLanguage(io)]}\n`);
      return 2;
    }
    if (
      e instanceof InputFileError ||
      e instanceof OutputError ||
      e instanceof WorkbookError ||
      e instanceof PolicyError
    ) {
      io.err(`patent-awards: ${e.message}\n`);
      return 2;
    }
    // A file that cannot be read or written (no permission, not a directory, disk full): which, why, what to do.
    if (isFileError(e)) {
      io.err(`patent-awards: ${fileErrorText(e.path ?? "", e)}\n`);
      return 2;
    }
    io.err(
      `patent-awards: 程序内部错误，请把以下全文报告给维护人员 / unexpected error, please report it with this text: ` +
        `${(e as Error)?.stack ?? String(e)}\n`,
    );
    return 3;
  }
}

/** By shape, not by class: errors from Node's fs may come from another realm (as under jest). */
function isFileError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException | null;
  return typeof err === "object" && err !== null && typeof err.code === "string" && typeof err.syscall === "string";
}

async function publicity(args: PublicityArgs, io: Io): Promise<number> {
  const days = args.days ?? defaultPolicy().publicity.workingDays;
  const holidays = args.holidays === undefined ? undefined : await readHolidayFile(args.holidays);
  const end = publicityEnd(args.start, days, holidays?.days);
  if (!end.ok) {
    // A start that is a date was refused for its calendar: the message says which year and what to do.
    throw parseDate(args.start).ok
      ? new InputError(`publicity ${args.start}: ${end.expected.zh}`, `publicity ${args.start}: ${end.expected.en}`)
      : new InputError(
          `公示开始日期「${args.start}」：应为${end.expected.zh}`,
          `publicity start "${args.start}": expected ${end.expected.en}`,
        );
  }
  io.out(`${end.value}\n`);
  return 0;
}

/**
 * A text file's characters: by its byte-order mark — UTF-16 as Excel saves "Unicode text" (.txt, tab between
 * fields), UTF-8 — else UTF-8, else GB18030, as Excel saves a CSV on Chinese Windows.
 */
function decodeText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return new TextDecoder("gb18030").decode(data);
  }
}

/**
 * `--holidays FILE`: a .csv or .txt (decodeText) or an .xlsx whose 节假日 sheet,
 * else the first sheet with the columns 日期 and 类型, lists the days. Any row not read refuses the file (exit 2):
 * a day missed would move the end of publicity.
 */
async function readHolidayFile(file: string): Promise<HolidayRead> {
  const name = `--holidays ${file}`;
  let read: HolidayRead;
  if (/\.(csv|txt)$/i.test(file)) {
    read = readHolidays(csvGrid(decodeText(await readInput(file, "--holidays", TEXT)), path.basename(file)));
  } else {
    const grid = holidayGrid((await readWorkbook(await readInput(file, "--holidays", WORKBOOK), file)).grids);
    if (!grid) {
      throw new InputError(
        `${name}: 没有“节假日”工作表，也没有含“日期”“类型”两列的工作表`,
        `${name}: no sheet named 节假日 and none with the columns 日期 and 类型`,
      );
    }
    read = readHolidays(grid);
  }
  if (read.problems.length > 0) {
    const lines = (lang: Lang, title: string) =>
      [
        `${name}: ${title}`,
        ...read.problems.map(
          (p) => `  ${p.sheet}!${p.column ?? ""}${p.row}${p.header ? `（${p.header}）` : ""}: ${p[lang]}`,
        ),
      ].join("\n");
    const n = read.problems.length;
    throw new InputError(lines("zh", `${n} 行无法读取：`), lines("en", `${n} rows cannot be read:`));
  }
  if (read.days.size === 0) {
    throw new InputError(
      `${name}：没有列出任何日期，请在“日期”“类型”两列列出节假日和调休日`,
      `${name}: lists no dates: list the holidays and working weekends under the columns 日期 and 类型`,
    );
  }
  return read;
}

/** The policy file (`--policy`), or the notice the product ships; what-if budgets are applied by the plan. */
async function loadPolicy(file: string | undefined): Promise<Policy> {
  if (file === undefined) return defaultPolicy();
  const text = (await readInput(file, "--policy", TEXT)).toString("utf8");
  let json: unknown;
  try {
    json = parsePolicyJson(text);
  } catch (e) {
    if (e instanceof PolicyError) throw policyError(file, e);
    throw new InputError(
      `--policy ${file}：不是有效的 JSON 政策文件，请用文本编辑器检查括号、逗号和引号（${(e as Error).message}）`,
      `--policy ${file}: not a valid JSON policy file: check its brackets, commas and quotes (${(e as Error).message})`,
    );
  }
  try {
    return readPolicy(json);
  } catch (e) {
    if (e instanceof PolicyError) throw policyError(file, e);
    throw e;
  }
}

/** A policy file's field refused, as src/policy words it. */
function policyError(file: string, e: PolicyError): InputError {
  return new InputError(
    `--policy ${file}: 政策文件字段 "${e.field}"：${e.problem.zh}`,
    `--policy ${file}: policy field "${e.field}": ${e.problem.en}`,
  );
}

/** The sheets of a workbook an option names (`--prior`, `--compare`). */
async function workbookGrids(file: string, option: string) {
  return (await readWorkbook(await readInput(file, option, WORKBOOK), file)).grids;
}

/** No sheet looks like a ledger: each sheet and why it was skipped, so the user can fix the right one. */
function noLedgerMessage(file: string, ledger: LedgerRead, sheetNames: string[], lang: Lang): string {
  const lines = [`${file}: ${say(lang, "没有可识别的台账工作表", "no recognisable ledger sheet")}`];
  for (const name of sheetNames) {
    const problems = ledger.problems.filter((p) => p.sheet === name);
    lines.push(
      problems.length > 0 ? `  ${name}: ${problems.map((p) => p[lang]).join(say(lang, "；", "; "))}` : `  ${name}: —`,
    );
  }
  lines.push(
    `  ${say(lang, "（如某表是台账：", "(if a sheet is a ledger: ")}--header-row "SHEET=ROW", --sheet "SHEET=P1|P2|P3|P4"${say(lang, "）", ")")}`,
  );
  return lines.join("\n");
}

/**
 * Sheets that look like ledgers and cannot be read stop the run (LEDGER.md "A ledger sheet is read, or the run
 * stops"): each named with why, and the options that fix it — each one that works as written.
 */
function unreadableMessage(file: string, sheets: SheetProblem[], skipped: SheetProblem[], lang: Lang): string {
  const n = sheets.length;
  return [
    say(
      lang,
      `${file}: ${n} 张台账工作表无法读取，未做平衡、未写任何文件：跳过它们会使其申报单位都得不到兑付，并把项目预算调给其他项目：`,
      `${file}: ${n} ledger sheet${n === 1 ? "" : "s"} cannot be read; nothing was balanced or written: skipping them would pay none of their claimants and move their items' budgets to other items:`,
    ),
    ...sheets.flatMap((p) => [`  ${p[lang]}`, ...sheetFix(p, lang).map((fix) => `    ${fix}`)]),
    ...(skipped.length > 0
      ? [
          say(lang, "已跳过（不是台账）：", "skipped (no ledger): ") +
            skipped.map((p) => p.sheet).join(say(lang, "、", ", ")),
        ]
      : []),
  ].join("\n");
}

/** The options that fix one unreadable sheet, as they are typed; `--skip` for a sheet that is no ledger after all. */
function sheetFix(p: SheetProblem, lang: Lang): string[] {
  const name = p.sheet;
  const fixes: string[] = [];
  switch (p.code) {
    case "MISSING_COLUMNS": {
      const options = (p.missing ?? []).map((f) => {
        const label = FIELD_LABELS[f].zh;
        return `--column "${name}!${p.nearest?.[f]?.column ?? say(lang, "<列>", "<column>")}=${label}"`;
      });
      fixes.push(
        say(lang, "改正表头中的列名，或指定列：", "correct the header, or map the columns: ") + options.join(" "),
      );
      break;
    }
    case "TWO_COLUMNS":
      for (const c of p.conflicts ?? []) {
        const options = c.columns.map((m) => `--column "${name}!${m.column}=${FIELD_LABELS[c.field].zh}"`);
        fixes.push(say(lang, "指定用哪一列（任选其一）：", "choose the column (one of): ") + options.join(" "));
      }
      break;
    case "NO_HEADER":
      fixes.push(
        say(lang, "指定表头行：", "choose the header row: ") +
          `--header-row "${name}=${p.headerBelow ?? say(lang, "<行>", "<row>")}"`,
      );
      break;
    case "NO_ITEM":
      fixes.push(`${say(lang, "指定项目：", "choose the item: ")}--sheet "${name}=<P1|P2|P3|P4>"`);
      break;
  }
  fixes.push(`${say(lang, "不是台账则跳过：", "if it is no ledger: ")}--skip "${name}"`);
  return fixes;
}

/** Every row that stops the balance, one line each: file, sheet, cell, what is expected. */
function blockingMessage(rows: Blocking[], ledgerFile: string, lang: Lang): string {
  const lines = rows.map(
    (p) =>
      `  ${p.source || ledgerFile} ${p.sheet}!${p.column ?? ""}${p.row}${p.header ? `（${p.header}）` : ""}: ${p[lang]}`,
  );
  return [
    say(
      lang,
      `往期兑付或资金计划中有 ${rows.length} 行无法读取，未做平衡、未写任何文件：跳过它们会使单位超过上限、项目超过预算。请改正后重新运行：`,
      `${rows.length} rows of earlier payouts or of the funding plan cannot be read; nothing was balanced or written: skipping them would pay units past their cap and items past their budget. Fix them and run again:`,
    ),
    ...lines,
  ].join("\n");
}

/** A message made in each language, for an InputError. */
const inBoth = (text: (lang: Lang) => string) => new InputError(text("zh"), text("en"));

/** A plan that balanced nothing ends the command (exit 2), saying why and what to do. */
function refuseUnless(plan: Plan, file: string, sheetNames: string[]): asserts plan is BalancedPlan {
  const { ledger } = plan.prepared;
  if (plan.kind === "unreadable")
    throw inBoth((lang) => unreadableMessage(file, plan.sheets, skippedSheets(ledger), lang));
  if (plan.kind === "noLedger") throw inBoth((lang) => noLedgerMessage(file, ledger, sheetNames, lang));
  if (plan.kind === "refused") throw new InputError(plan.message.zh, plan.message.en);
  // LEDGER.md "Read completely or not at all": an earlier payout or plan line not read would move money.
  if (plan.kind === "blocked") throw inBoth((lang) => blockingMessage(plan.prepared.blocking, file, lang));
}

/**
 * `balance`: the result written in the language --lang gives (Chinese when not given: the bureau's documents),
 * the console in `lang`, the language the command speaks.
 */
async function runBalance(args: BalanceArgs, lang: Lang, io: Io): Promise<number> {
  const resultLang = args.lang ?? "zh";
  // Before anything is read or written: no output is an input or the other output, by any path, and each can be
  // written as a file where it leads (exit 2) — a run is not balanced only to fail at its last step.
  await checkOutputsApart(args);
  await checkOutputsWritable(args);
  const policy = await loadPolicy(args.policy);
  if (args.batch !== undefined && !policy.batches.some((b) => b.batch === args.batch)) {
    const batches = policy.batches.map((b) => b.batch);
    throw new UsageError(
      `--batch：${policy.id} 只有第 ${batches.join("、")} 批`,
      `--batch: ${policy.id} has batches ${batches.join(", ")}`,
    );
  }

  const started = Date.now();
  const progress = (step: Message, rows: number) => {
    if (io.errIsTTY || rows > LARGE_LEDGER_ROWS)
      io.err(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${step[lang]}\n`);
  };
  const workbookFile = async (file: string | undefined, option: string) =>
    file === undefined ? undefined : { name: file, data: await readInput(file, option, WORKBOOK) };
  const request: BalanceRequest = {
    ledger: {
      name: args.ledger,
      data: await readInput(args.ledger, undefined, WORKBOOK),
    },
    input: path.basename(args.ledger),
    prior: await workbookFile(args.prior, "--prior"),
    compare: await workbookFile(args.compare, "--compare"),
    policy,
    choices: {
      sheets: args.sheets,
      options: {
        reallocate: args.reallocate,
        priority: args.priority,
        rounding: args.rounding,
        batch: args.batch,
        budgets: args.budgets,
        publicityStart: args.publicityStart,
        contact: args.contact,
        universityValidPatents: args.validPatents,
        survey: args.survey,
      },
    },
    lang: resultLang,
    time: new Date(),
    engineVersion: packageVersion(),
  };
  const planned = await planWorkbook(request, NODE, progress);
  const { plan, rows } = planned;
  refuseUnless(plan, args.ledger, planned.sheets);
  for (const n of plan.prepared.notices) io.err(`${n[lang]}\n`);
  // What is said once the files are written, taken apart from the plan: its tables and output columns are let go
  // once the result is packed, before the JSON is made (a 1,000,000-row run's heap, docs/PERFORMANCE.md).
  const { result, year, whatIf, changes, publicity } = plan;
  const { ledger } = plan.prepared;

  // Both outputs are made before either is written: one that cannot be made leaves the other's file as it was.
  const outputs: Output[] = [];
  let carried: Carried | undefined;
  if (args.out !== undefined) {
    progress({ zh: `正在写出 ${args.out}`, en: `writing ${args.out}` }, rows);
    const packed = await resultWorkbook(planned, plan, resultLang, NODE);
    outputs.push({ file: args.out, data: packed.bytes });
    carried = packed.carried;
  }
  if (args.json !== undefined) {
    outputs.push({
      file: args.json,
      data: jsonPieces(resultJson(result, resultLang, ledger, year) as Record<string, unknown>),
    });
  }
  await writeWhole(outputs);
  if (args.out !== undefined && carried) for (const line of carriedLines(carried, args.out)) io.err(`${line}\n`);
  progress({ zh: "完成", en: "done" }, rows);
  // The defaults the bureau signs for come first, before any figure (LEDGER.md "Assumptions").
  const assumptions = assumptionLines(ledger, lang);
  if (assumptions.length > 0) io.out(`${assumptions.join("\n")}\n\n`);
  const title = whatIfTitle(whatIf, lang);
  io.out(`${title ? `${title}\n` : ""}${summaryText(result, lang)}`);
  if (changes) io.out(`${changesLine(changes, lang)}\n`);
  // A list without its period is not yet the notice: said where the clerk looks, not only in its heading.
  if (!publicity) io.out(`${commandLabels(lang).publicityDraft}\n`);
  const support = supportChecks(ledger, policy);
  if (support)
    io.out(
      supportText(support, lang)
        .map((line) => `${line}\n`)
        .join(""),
    );
  for (const p of skippedSheets(ledger)) io.err(`${p.sheet}: ${p[lang]}\n`);
  for (const p of ledger.rowProblems.filter((r) => isIndicatorSheet(r.sheet))) {
    io.err(`${p.sheet}!${p.column ?? ""}${p.row}: ${p[lang]}\n`);
  }
  return 0;
}

/**
 * `explain RESULT.xlsx "Sheet!12"` (issue 11): the result balanced again with the options its 运行记录 recorded
 * (those given on the command line win), one ledger row explained, and the payout checked against the one the
 * result shows. Exit 2 when the file is no result, the sheet or row is none of its ledger rows, or the payout is
 * not reproduced (the explanation is printed first).
 */
async function runExplain(args: ExplainArgs, lang: Lang, io: Io): Promise<number> {
  const policy = await loadPolicy(args.policy);
  const { grids } = await readWorkbook(await readInput(args.result, undefined, WORKBOOK), args.result);
  const recorded = recordedRun(grids);
  if (!recorded) {
    throw new InputError(
      `${args.result}: 不是本工具的运行结果（没有运行记录工作表）`,
      `${args.result}: not a result of patent-awards balance (no 运行记录 sheet)`,
    );
  }
  const names = grids.map((g) => g.name);
  if (!names.includes(args.sheet)) {
    throw new InputError(
      `${args.result}: 没有名为「${args.sheet}」的工作表；该工作簿的工作表：${names.join("、")}`,
      `${args.result}: no sheet named "${args.sheet}"; its sheets: ${names.join(", ")}`,
    );
  }
  if (recorded.policyId && recorded.policyId !== policy.id) {
    throw new InputError(
      `${args.result} 按政策 ${recorded.policyId} 计算，当前为 ${policy.id}：请用 --policy 指定该政策文件`,
      `${args.result} was balanced with policy ${recorded.policyId}, not ${policy.id}: pass its file with --policy`,
    );
  }
  const priorHint =
    recorded.priorSource?.startsWith("--prior ") && args.prior === undefined
      ? say(
          lang,
          `该结果的往期兑付来自 ${recorded.priorSource}：请用 --prior 给出同一文件`,
          `its earlier payouts came from ${recorded.priorSource}: pass the same file with --prior`,
        )
      : undefined;
  const earlierFile =
    args.prior === undefined
      ? undefined
      : {
          name: `--prior ${args.prior}`,
          grids: await workbookGrids(args.prior, "--prior"),
        };
  const options: RunOptions = { ...recorded.options };
  if (args.reallocate !== undefined) options.reallocate = args.reallocate;
  if (args.priority !== undefined)
    Object.assign(options, {
      priority: args.priority,
      reallocationRule: "priority",
    });
  if (args.rounding !== undefined) options.rounding = args.rounding;
  if (args.batch !== undefined) options.batch = args.batch;
  if (Object.keys(args.budgets).length > 0) options.budgets = args.budgets;
  const facts = {
    time: new Date(),
    input: path.basename(args.result),
    inputSha256: recorded.inputSha256,
    lang,
    engineVersion: packageVersion(),
  };
  const plan = planBalance(grids, policy, { sheets: recorded.sheets, options }, facts, earlierFile);
  const { ledger } = plan.prepared;
  refuseUnless(plan, args.result, names);

  const where = `${args.sheet}!${args.row}`;
  const explanation = explainRow(plan, args.sheet, args.row);
  if (!explanation) {
    const ledgerSheets = ledger.sheets.filter((m) => m.missing.length === 0).map((m) => m.sheet);
    const notRead = ledger.rowProblems.find((p) => p.sheet === args.sheet && p.row === args.row);
    throw !ledgerSheets.includes(args.sheet)
      ? new InputError(
          `${where}: 「${args.sheet}」不是该结果的台账工作表；台账工作表：${ledgerSheets.join("、")}`,
          `${where}: "${args.sheet}" is not a ledger sheet of this result; ledger sheets: ${ledgerSheets.join(", ")}`,
        )
      : notRead
        ? new InputError(`${where}: 本行未读入：${notRead.zh}`, `${where}: this row was not read: ${notRead.en}`)
        : new InputError(
            `${where}: 不是台账中的申报行（表头、空行或合计行）`,
            `${where}: not a claim row of the ledger (a header, blank or total row)`,
          );
  }
  const written = writtenPayout(plan, args.sheet, args.row);
  if (written === undefined) {
    throw new InputError(
      `${where}: 没有兑付金额输出列或该格为空，不是本工具的运行结果`,
      `${where}: no payout in this tool's output columns: not a result of patent-awards balance`,
    );
  }
  io.out(args.json ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(explanation, lang));
  if (priorHint) io.err(`${priorHint}\n`);
  if (!written.equals(explanation.payout)) {
    io.err(
      say(
        lang,
        `${where}: 重新计算的兑付金额 ${explanation.payout} 元与结果中的 ${written.toFixed(2)} 元不符，以上说明不是该结果的计算过程`,
        `${where}: balanced again, this row is paid ${explanation.payout} 元, not the ${written.toFixed(2)} 元 the result shows: ` +
          `the explanation above is not how that result was computed`,
      ) +
        (priorHint ? `\n${priorHint}` : "") +
        "\n",
    );
    return 2;
  }
  return 0;
}
