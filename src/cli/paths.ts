/**
 * The files one run reads and writes, and what they must never be (issue 8 item 3, "Outputs never replace
 * inputs"; issue 15 item 9): no output is an input or the other output, whatever path names it, and each
 * output can be written as a file where it leads.
 */
import { constants, promises as fs, type Stats } from "fs";
import path from "path";

/** An output this run must not or cannot write: the message names the option and the file. Exit 2. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

export interface NamedFiles {
  ledger: string;
  prior?: string;
  compare?: string;
  policy?: string;
  out?: string;
  json?: string;
}

/** Where a path leads: its real path, and its device and inode when the file exists. */
interface Identity {
  real: string;
  id?: string;
}

/** Symlinks followed one after another before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/**
 * The real path of a file, or for one not yet there, the real path of its nearest existing folder
 * and the rest of the path: a dangling symlink leads where writing it would create the file.
 */
export async function realPath(file: string, links = 0): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if ((code !== "ENOENT" && code !== "ENOTDIR") || links > MAX_LINKS) return path.resolve(file);
  }
  const dir = path.dirname(file);
  if (dir === file) return path.resolve(file);
  const realDir = await realPath(dir, links);
  const stat = await fs.lstat(file).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    const target = await fs.readlink(file).catch(() => undefined);
    if (target !== undefined) return realPath(path.resolve(realDir, target), links + 1);
  }
  return path.join(realDir, path.basename(file));
}

async function identity(file: string): Promise<Identity> {
  const real = await realPath(file);
  const stat = await fs.stat(file, { bigint: true }).catch(() => undefined);
  return { real, id: stat ? `${stat.dev}:${stat.ino}` : undefined };
}

/**
 * One file when the real paths are equal or, where both exist, device and inode are (hard links, a
 * case- or normalisation-insensitive file system). Two files neither of which exists yet cannot be told
 * apart on such a file system before one is written: names that differ only so are taken as one.
 */
function same(a: Identity, b: Identity): boolean {
  if (a.real === b.real) return true;
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.id === undefined && b.id === undefined) return fold(a.real) === fold(b.real);
  return false;
}

/** An input missing is left to the reading that follows to report, not taken for an output by its name's case. */
function sameAsInput(output: Identity, input: Identity): boolean {
  return output.real === input.real || (output.id !== undefined && output.id === input.id);
}

const fold = (p: string) => p.normalize("NFC").toLowerCase();

/** A path as given, and where it really leads when that reads otherwise. */
const shownAs = (given: string, real: string) => (real === path.resolve(given) ? given : `${given} → ${real}`);

const INPUTS = {
  ledger: { zh: "输入台账", en: "the ledger" },
  prior: { zh: " --prior 文件", en: "the --prior file" },
  compare: { zh: " --compare 文件", en: "the --compare file" },
  policy: { zh: " --policy 文件", en: "the --policy file" },
} as const;

/**
 * Refuses, before anything is read or written, an output (--out, --json) that is the same file as an
 * input (the ledger, --prior, --compare, --policy) or as the other output.
 */
export async function checkOutputsApart(files: NamedFiles): Promise<void> {
  const outputs = (["out", "json"] as const).filter((k) => files[k] !== undefined);
  if (outputs.length === 0) return;
  const ids = new Map<keyof NamedFiles, Identity>();
  for (const key of ["ledger", "prior", "compare", "policy", "out", "json"] as const) {
    const file = files[key];
    if (file !== undefined) ids.set(key, await identity(file));
  }
  for (const output of outputs) {
    const mine = ids.get(output)!;
    const given = files[output]!;
    for (const input of ["ledger", "prior", "compare", "policy"] as const) {
      const theirs = ids.get(input);
      if (theirs === undefined || !sameAsInput(mine, theirs)) continue;
      const name = INPUTS[input];
      const named = files[input]!;
      const shown = shownAs(named, theirs.real);
      throw new OutputError(
        `--${output} ${given} 与${name.zh}是同一个文件（${shown}）：输出绝不覆盖输入 / ` +
          `--${output} ${given} is the same file as ${name.en} (${shown}): an output never replaces an input`,
      );
    }
  }
  const [out, json] = [ids.get("out"), ids.get("json")];
  if (out && json && same(out, json)) {
    throw new OutputError(
      `--json ${files.json} 与 --out ${files.out} 是同一个文件（${out.real}）：一个输出会覆盖另一个 / ` +
        `--json ${files.json} is the same file as --out ${files.out} (${out.real}): one output would replace the other`,
    );
  }
}

const EXPECTED = {
  out: { zh: "结果工作簿（.xlsx）", en: "the result workbook (.xlsx)" },
  json: { zh: "JSON 结果", en: "the JSON result" },
} as const;

/** What a path that is no regular file is, for the message that refuses it. */
export function kindOf(stat: Stats): { zh: string; en: string } {
  if (stat.isDirectory()) return { zh: "文件夹", en: "a folder" };
  if (stat.isFIFO()) return { zh: "命名管道（FIFO）", en: "a named pipe (FIFO)" };
  if (stat.isCharacterDevice()) return { zh: "字符设备", en: "a character device" };
  if (stat.isBlockDevice()) return { zh: "块设备", en: "a block device" };
  if (stat.isSocket()) return { zh: "套接字", en: "a socket" };
  return { zh: "特殊文件", en: "a special file" };
}

/** The file's status, or none where nothing is there yet (a folder on the way missing, or a file in its place). */
async function statIfThere(file: string): Promise<Stats | undefined> {
  try {
    return await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw e;
  }
}

/** Why `file` may not be written (the error's code), or undefined when it may. */
const writeDenied = (file: string): Promise<string | undefined> =>
  fs.access(file, constants.W_OK).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => e.code ?? "EACCES",
  );

/**
 * Refuses, before anything is read or written, an output that cannot be replaced by a whole file where its path
 * leads: one that is there and is no regular file (a folder; a named pipe, which opening to write would wait on
 * forever; /dev/null, which would swallow the result; a socket), one marked read-only (replacing it by a rename
 * would ignore the mark), or one whose folder is a file or cannot be written in. Nothing is opened or created:
 * a missing folder is made when the output is written, under the nearest folder that exists, checked here.
 */
export async function checkOutputsWritable(files: NamedFiles): Promise<void> {
  for (const option of ["out", "json"] as const) {
    const given = files[option];
    if (given === undefined) continue;
    const real = await realPath(given);
    const shown = shownAs(given, real);
    const what = EXPECTED[option];
    const stat = await statIfThere(real);
    if (stat && !stat.isFile()) {
      const kind = kindOf(stat);
      throw new OutputError(
        `--${option} ${shown} 是${kind.zh}，不是普通文件：请给出写入${what.zh}的文件路径 / ` +
          `--${option} ${shown} is ${kind.en}, not a regular file: give the path of a file to write ${what.en} to`,
      );
    }
    if (stat && (await writeDenied(real))) {
      throw new OutputError(
        `--${option} ${shown} 是只读文件：请取消其只读属性，或写到别处 / ` +
          `--${option} ${shown} is read-only: clear its read-only mark or write elsewhere`,
      );
    }
    let folder = path.dirname(real);
    let found = await statIfThere(folder);
    while (!found && path.dirname(folder) !== folder) {
      folder = path.dirname(folder);
      found = await statIfThere(folder);
    }
    if (found && !found.isDirectory()) {
      throw new OutputError(
        `--${option} ${shown}：${folder} 是文件，不是文件夹，无法在其下写入 / ` +
          `--${option} ${shown}: ${folder} is a file, not a folder: nothing can be written under it`,
      );
    }
    const denied = await writeDenied(folder);
    if (denied) {
      throw new OutputError(
        `--${option} ${shown}：文件夹 ${folder} 不可写入（${denied}）/ ` +
          `--${option} ${shown}: the folder ${folder} cannot be written in (${denied})`,
      );
    }
  }
}
