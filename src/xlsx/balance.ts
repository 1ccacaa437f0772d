/**
 * One balance of a workbook's bytes, for every host that holds the file itself: the command and the offline page
 * (issue 18 item 1). The ledger and the earlier files are read and checked, the plan made, and — once it balanced —
 * the result written and packed. The platform gives only what differs between Node and a browser (the inflater and
 * sha256), so the page writes, byte for byte of every cell, the workbook the command writes.
 */
import type { Lang } from "../engine/types";
import type { RowLimit } from "../ledger/limits";
import { planBalance, type BalancedPlan, type Message, type Plan, type RunChoices } from "../plan";
import type { Policy } from "../policy";
import type { Carried } from "./keep";
import { readWorkbook, unreadableError } from "./read";
import { writeResult } from "./save";
import type { Deflate, Inflate } from "./zip";

/** What a host's platform lends the balance: Node's zlib and crypto, or the browser's streams and crypto.subtle. */
export interface Platform {
  inflate: Inflate;
  /** The parts a result writes are deflated by it a piece at a time as they are made (node.ts, browser.ts); else by jszip. */
  deflate?: Deflate;
  /** The bytes' SHA-256, as lower-case hex (运行记录's 输入文件 SHA-256). */
  sha256: (data: Uint8Array) => Promise<string>;
  /** The rows its memory holds (src/ledger/limits.ts); a browser page's when not said. */
  limit?: RowLimit;
}

/** A workbook as the user gave it: `name` is how messages cite it (the command's path, the page's file name). */
export interface WorkbookFile {
  name: string;
  data: Uint8Array;
}

export interface BalanceRequest {
  ledger: WorkbookFile;
  /** The ledger's name as 运行记录 records it: the file's, without its folders. */
  input: string;
  /** Earlier payouts in another workbook (the command's `--prior`). */
  prior?: WorkbookFile;
  /** Another ledger's result to compare with (the command's `--compare`). */
  compare?: WorkbookFile;
  policy: Policy;
  choices: RunChoices;
  lang: Lang;
  time: Date;
  engineVersion: string;
}

/** A choice that names no sheet of the ledger (the command's `--sheet`/`--column`): nothing is balanced. */
export class SheetChoiceError extends Error {
  readonly zh: string;
  readonly en: string;

  constructor(file: string, unknown: string[], names: string[]) {
    const listed = unknown.map((n) => `"${n}"`).join(", ");
    const zh = `${file}：没有名为 ${listed} 的工作表，请按工作表的名称给出（该工作簿的工作表：${names.join("、")}）`;
    const en = `${file}: no sheet named ${listed}: give a sheet by its name (its sheets: ${names.join(", ")})`;
    super(`${zh} / ${en}`);
    this.name = "SheetChoiceError";
    this.zh = zh;
    this.en = en;
  }
}

/** The plan of one run, and what its result is written from. */
export interface PlannedWorkbook {
  /** Its sheets hold no cells and its ledger no claims (`toWrite`): a plan to write, not to explain a row of. */
  plan: Plan;
  /** The names of the ledger's sheets, as read (messages list them). */
  sheets: string[];
  /** The rows of every sheet, as the limits count them. */
  rows: number;
  data: Uint8Array;
  /** The ledger's name, as the command's messages give it. */
  name: string;
}

/**
 * The ledger read and planned. `progress` hears each step with the ledger's rows (the command shows it for a large
 * ledger). Throws a WorkbookError for a file that is no usable workbook, a SheetChoiceError for a choice that names
 * no sheet of it.
 */
export async function planWorkbook(
  request: BalanceRequest,
  platform: Platform,
  progress: (step: Message, rows: number) => void = () => undefined,
): Promise<PlannedWorkbook> {
  const { ledger, choices } = request;
  const { grids } = await readWorkbook(ledger.data, ledger.name, platform.inflate, platform.limit);
  const rows = grids.reduce((n, g) => n + g.cells.length, 0);
  progress(
    {
      zh: `已读取 ${ledger.name}：${grids.length} 张工作表，${rows} 行`,
      en: `read ${ledger.name}: ${grids.length} sheets, ${rows} rows`,
    },
    rows,
  );
  const names = grids.map((g) => g.name);
  const unknown = Object.keys(choices.sheets).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new SheetChoiceError(ledger.name, unknown, names);
  const other = async (file: WorkbookFile | undefined, option: string) =>
    file && {
      name: `${option} ${file.name}`,
      grids: (await readWorkbook(file.data, file.name, platform.inflate, platform.limit)).grids,
    };
  const earlierFile = await other(request.prior, "--prior");
  const compare = await other(request.compare, "--compare");
  const facts = {
    time: request.time,
    input: request.input,
    inputSha256: await platform.sha256(ledger.data),
    lang: request.lang,
    engineVersion: request.engineVersion,
    limit: platform.limit,
  };
  const plan = planBalance(grids, request.policy, choices, facts, earlierFile, compare);
  const claims = plan.prepared.ledger.claims.length;
  progress({ zh: `已平衡 ${claims} 条申报`, en: `balanced ${claims} claims` }, rows);
  return { plan: toWrite(plan), sheets: names, rows, data: ledger.data, name: ledger.name };
}

/**
 * The plan as what is written from it needs it: its sheets named, their cells let go, and the ledger without its
 * claims. Once planned, the result is written from the plan's output columns and tables and the JSON from its result;
 * nothing reads a cell or a raw claim again (the ledger outputs, 累计已兑付, 变更 and the contact read them inside
 * planBalance). At 1,000,000 rows that is ~0.2 KB a row of cells and ~0.4 KB of claims the writer's heap keeps free.
 */
function toWrite(plan: Plan): Plan {
  const grids = plan.prepared.grids.map((g) => ({ name: g.name, cells: [] }));
  const ledger = { ...plan.prepared.ledger, claims: [] };
  return { ...plan, prepared: { ...plan.prepared, grids, ledger } };
}

/**
 * The result workbook of a balanced plan as the bytes of a file: the clerk's package with the plan's columns and
 * sheets and their charts, and what the result may not carry named in 运行记录 (save.ts).
 */
export async function resultWorkbook(
  planned: PlannedWorkbook,
  plan: BalancedPlan,
  lang: Lang,
  platform: Platform,
): Promise<{ bytes: Uint8Array; carried: Carried }> {
  return writeResult(planned.data, plan.outputs, plan.tables, lang, platform).catch((e: unknown) => {
    // A part the reader passed over that the writer must edit (a sheet's relationships, its rows) refuses the file.
    throw unreadableError(planned.name, e);
  });
}
