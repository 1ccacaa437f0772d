/**
 * `patent-awards`: balances a bureau ledger workbook and writes the result beside it (issue item 5).
 * Exit codes: 0 done, 1 bad arguments, 2 unusable input (missing file, not a workbook, no ledger,
 * bad policy file) or an output that cannot be written, 3 a bug (reported, never a stack dump alone).
 */
import { createHash } from "crypto";
import { promises as fs, readFileSync } from "fs";
import path from "path";
import { balance } from "../engine";
import type { BalanceOptions, PriorPayout } from "../engine/types";
import { publicityEnd } from "../engine/publicity";
import { isIndicatorSheet, readLedger, supportOptions, type LedgerRead, type RowProblem } from "../ledger";
import { defaultPolicy, PolicyError, readPolicy, withOverrides, type Policy } from "../policy";
import {
  earlierRun,
  ledgerOutputs,
  resultJson,
  summaryTables,
  summaryText,
  supportChecks,
  whatIfTitle,
  type RunInfo,
  supportText,
} from "../report";
import { readWorkbook, saveWorkbook, WorkbookError, writeResult } from "../xlsx";
import { parseArgs, USAGE, UsageError, type BalanceArgs, type PublicityArgs } from "./args";
import { checkOutputsApart, recordedInputSha256, SameFileError, withoutRepeats } from "./paths";

/** Where output goes; tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Progress is shown on a terminal, or on any stream when the ledger is large. */
  errIsTTY: boolean;
}

const PROCESS_IO: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  errIsTTY: Boolean(process.stderr.isTTY),
};

/** Above this many claims progress is shown even when stderr is not a terminal. */
const LARGE_LEDGER_ROWS = 5000;

/** An input the command cannot use: the message is shown as is, exit 2. */
class InputError extends Error {}

export function packageVersion(): string {
  // src/cli and lib/cli both sit two levels under the package root.
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case "help":
        io.out(USAGE);
        return 0;
      case "version":
        io.out(`${packageVersion()}\n`);
        return 0;
      case "publicity":
        return publicity(args, io);
      case "balance":
        return await runBalance(args, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`patent-awards: ${e.message}\n\n${USAGE}`);
      return 1;
    }
    if (e instanceof InputError || e instanceof WorkbookError || e instanceof PolicyError) {
      io.err(`patent-awards: ${e.message}\n`);
      return 2;
    }
    // A file that cannot be read or written (no permission, not a directory, disk full): say which and why.
    if (isFileError(e)) {
      io.err(`patent-awards: ${e.path ?? ""}: ${e.code} ${e.message.replace(/^\w+: /, "")}\n`);
      return 2;
    }
    io.err(`patent-awards: unexpected error, please report it with this text: ${(e as Error)?.stack ?? String(e)}\n`);
    return 3;
  }
}

/** Writes one output file (its folder made if needed); a failure names that file and why. */
async function writeOutput(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await write();
  } catch (e) {
    if (!isFileError(e)) throw e;
    throw new InputError(`cannot write ${file}: ${e.code} ${e.message.replace(/^\w+: /, "")}`);
  }
}

/** By shape, not by class: errors from Node's fs may come from another realm (as under jest). */
function isFileError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException | null;
  return typeof err === "object" && err !== null && typeof err.code === "string" && typeof err.syscall === "string";
}

function publicity(args: PublicityArgs, io: Io): number {
  const days = args.days ?? defaultPolicy().publicity.workingDays;
  const end = publicityEnd(args.start, days);
  if (!end.ok)
    throw new InputError(`publicity start "${args.start}": expected ${end.expected.en} (${end.expected.zh})`);
  io.out(`${end.value}\n`);
  return 0;
}

function loadPolicy(file: string | undefined, args: BalanceArgs): Policy {
  let policy = defaultPolicy();
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new InputError(`--policy ${file}: cannot read a JSON policy file: ${(e as Error).message}`);
    }
    try {
      policy = readPolicy(json);
    } catch (e) {
      if (e instanceof PolicyError) throw new InputError(`--policy ${file}: ${e.message}`);
      throw e;
    }
  }
  return Object.keys(args.budgets).length > 0 ? withOverrides(policy, { budgets: args.budgets }) : policy;
}

/** `--budget` overrides against the policy file's budgets: the run is then a 测算 (what-if), and says so. */
function whatIfOf(args: BalanceArgs, file: Policy): RunInfo["whatIf"] {
  const changed = Object.entries(args.budgets);
  if (changed.length === 0) return undefined;
  return Object.fromEntries(
    changed.map(([item, yuan]) => [
      item,
      { policy: file.items.find((i) => i.id === item)!.budget.toFixed(), run: yuan!.toFixed() },
    ]),
  );
}

/** Ledger sheets that could not be used, one line each, so the user can fix the right one. */
function noLedgerMessage(file: string, ledger: LedgerRead, sheetNames: string[]): string {
  const lines = [`${file}: no recognisable ledger sheet (没有可识别的台账工作表)`];
  for (const name of sheetNames) {
    const problems = ledger.problems.filter((p) => p.sheet === name);
    lines.push(
      problems.length > 0 ? `  ${name}: ${problems.map((p) => `${p.zh} / ${p.en}`).join("; ")}` : `  ${name}: —`,
    );
  }
  const hint = choiceHint(ledger);
  return [...lines, ...(hint ? [hint] : [])].join("\n");
}

/** Every row that stops the balance, one line each: file, sheet, cell, what is expected. */
function blockingMessage(rows: (RowProblem & { file: string })[]): string {
  const lines = rows.map(
    (p) => `  ${p.file} ${p.sheet}!${p.column ?? ""}${p.row}${p.header ? `（${p.header}）` : ""}: ${p.zh} / ${p.en}`,
  );
  return [
    `往期兑付或资金计划中有 ${rows.length} 行无法读取，未做平衡、未写任何文件：跳过它们会使单位超过上限、项目超过预算。请改正后重新运行 /`,
    `${rows.length} rows of earlier payouts or of the funding plan cannot be read; nothing was balanced or written: skipping them would pay units past their cap and items past their budget. Fix them and run again:`,
    ...lines,
  ].join("\n");
}

/** Where a sheet asks the user to choose its header row or item: how to choose on the command line. */
function choiceHint(ledger: LedgerRead): string | undefined {
  const asks = ledger.problems.filter((p) => p.code === "NO_HEADER" || p.code === "NO_ITEM");
  if (asks.length === 0) return undefined;
  const name = asks[0].sheet;
  return `  (指定方式 / to choose: --header-row "${name}=3", --sheet "${name}=P2", --skip "${name}")`;
}

async function runBalance(args: BalanceArgs, io: Io): Promise<number> {
  // Before anything is read or written: no output is an input or the other output, by any path (exit 2).
  try {
    await checkOutputsApart(args);
  } catch (e) {
    if (e instanceof SameFileError) throw new InputError(e.message);
    throw e;
  }
  const policy = loadPolicy(args.policy, args);
  const whatIf = whatIfOf(args, loadPolicy(args.policy, { ...args, budgets: {} }));
  if (args.batch !== undefined && !policy.batches.some((b) => b.batch === args.batch)) {
    throw new UsageError(`--batch: ${policy.id} has batches ${policy.batches.map((b) => b.batch).join(", ")}`);
  }

  const started = Date.now();
  const data = await fs.readFile(args.ledger).catch(() => {
    throw new WorkbookError("missing", args.ledger, "");
  });
  const { grids, workbook } = await readWorkbook(data, args.ledger);
  const size = grids.reduce((n, g) => n + g.cells.length, 0);
  const progress = (s: string) => {
    if (io.errIsTTY || size > LARGE_LEDGER_ROWS) io.err(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${s}\n`);
  };
  progress(`read ${args.ledger}: ${grids.length} sheets, ${size} rows`);

  const names = grids.map((g) => g.name);
  const unknown = Object.keys(args.sheets).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new InputError(
      `${args.ledger}: no sheet named ${unknown.map((n) => `"${n}"`).join(", ")}; its sheets: ${names.join(", ")}`,
    );
  }
  const ledger = readLedger(grids, policy, args.sheets);
  // A sheet missing a required column was not read (LEDGER.md "Missing columns").
  if (!ledger.sheets.some((s) => s.missing.length === 0)) {
    throw new InputError(noLedgerMessage(args.ledger, ledger, names));
  }

  const blocking = ledger.blocking.map((p) => ({ file: args.ledger, ...p }));
  let prior: PriorPayout[] = ledger.prior;
  const earlier = earlierRun(grids);
  // Re-running the same batch on its own result: that run's 汇总 holds this batch's moves, not earlier ones.
  const rerun = earlier !== undefined && earlier.batch === (args.batch ?? null);
  let priorMoves = rerun ? earlier.priorMoves : ledger.priorMoves;
  if (args.prior !== undefined) {
    const priorGrids = (await readWorkbook(args.prior)).grids;
    // This batch's own result records this ledger's checksum: its 已兑付 and 汇总 are this batch's, not earlier ones.
    if (recordedInputSha256(priorGrids) === createHash("sha256").update(data).digest("hex")) {
      throw new InputError(
        `--prior ${args.prior} 是本批台账 ${args.ledger} 自己的运行结果（运行记录中的输入文件 SHA-256 与之相同），其中的兑付会被重复计算 / ` +
          `--prior ${args.prior} is this batch's own result for ${args.ledger} (its 运行记录 holds this ledger's SHA-256): its payouts would be counted twice`,
      );
    }
    const earlierBatch = readLedger(priorGrids, policy);
    blocking.push(...earlierBatch.blocking.map((p) => ({ file: args.prior!, ...p })));
    if (earlierBatch.prior.length === 0 && earlierBatch.blocking.length === 0 && !earlierBatch.priorMoves) {
      throw new InputError(`--prior ${args.prior}: no 已兑付 sheet or earlier 汇总 found`);
    }
    // Counted once rather than refused: a --prior file that repeats the ledger's own 已兑付 rows is a copy, not an error.
    const { added, repeated } = withoutRepeats(ledger.prior, earlierBatch.prior);
    if (repeated.length > 0) {
      const sheets = (list: PriorPayout[]) => [...new Set(list.map((p) => p.ref?.sheet ?? "?"))].join("、");
      const [from, own] = [sheets(repeated), sheets(ledger.prior)];
      io.err(
        `--prior ${args.prior}（${from}）中有 ${repeated.length} 笔兑付与台账 ${args.ledger}（${own}）中的相同，只计一次 / ` +
          `${repeated.length} payouts in --prior ${args.prior} (${from}) repeat those in the ledger ${args.ledger} (${own}) and are counted once\n`,
      );
    }
    prior = [...prior, ...added];
    // The file named on the command line says what was moved before, over any 汇总 in the ledger.
    priorMoves = earlierBatch.priorMoves ?? priorMoves;
  }

  // LEDGER.md "Read completely or not at all": an earlier payout or plan line not read would move money.
  if (blocking.length > 0) throw new InputError(blockingMessage(blocking));

  const options: BalanceOptions = {
    reallocate: args.reallocate,
    reallocationRule: args.priority ? "priority" : undefined,
    priority: args.priority,
    rounding: args.rounding,
    batch: args.batch,
    priorPayouts: prior,
    priorMoves,
    universityValidPatents: args.validPatents,
    survey: args.survey,
    ...supportOptions(ledger),
  };
  progress(`balancing ${ledger.claims.length} claims`);
  const result = balance(ledger.claims, policy, options);

  if (args.out !== undefined) {
    progress(`writing ${args.out}`);
    const run = {
      time: new Date().toISOString(),
      input: path.basename(args.ledger),
      inputSha256: createHash("sha256").update(data).digest("hex"),
      lang: args.lang,
      priorSource: args.prior ?? (ledger.prior.length > 0 ? "已兑付" : undefined),
      engineVersion: packageVersion(),
      sheetChoices: args.sheets,
      whatIf,
    };
    writeResult(
      workbook,
      ledgerOutputs(result, ledger, grids, args.lang),
      summaryTables(result, ledger, run, args.lang, policy),
      args.lang,
    );
    const out = args.out;
    await writeOutput(out, () => saveWorkbook(workbook, out));
  }
  if (args.json !== undefined) {
    const json = args.json;
    await writeOutput(json, () =>
      fs.writeFile(json, JSON.stringify(resultJson(result, args.lang, ledger), null, 2) + "\n"),
    );
  }
  progress("done");
  const title = whatIfTitle(whatIf, args.lang);
  io.out(`${title ? `${title}\n` : ""}${summaryText(result, args.lang)}`);
  const support = supportChecks(ledger, policy);
  if (support)
    io.out(
      supportText(support, args.lang)
        .map((line) => `${line}\n`)
        .join(""),
    );
  for (const p of ledger.problems) io.err(`${p.sheet}: ${p[args.lang]}\n`);
  const hint = choiceHint(ledger);
  if (hint) io.err(`${hint.trim()}\n`);
  for (const p of ledger.rowProblems.filter((r) => isIndicatorSheet(r.sheet))) {
    io.err(`${p.sheet}!${p.column ?? ""}${p.row}: ${p[args.lang]}\n`);
  }
  return 0;
}
