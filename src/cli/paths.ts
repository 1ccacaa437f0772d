/**
 * The files one run reads and writes, and what they must never be to each other (issue 8 item 3,
 * "Outputs never replace inputs"): no output is an input or the other output, whatever path names it.
 */
import { promises as fs } from "fs";
import path from "path";

/** Two named files that are one file: the message names both options and the file. Exit 2. */
export class SameFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SameFileError";
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
async function realPath(file: string, links = 0): Promise<string> {
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
      const shown = theirs.real === path.resolve(named) ? named : `${named} → ${theirs.real}`;
      throw new SameFileError(
        `--${output} ${given} 与${name.zh}是同一个文件（${shown}）：输出绝不覆盖输入 / ` +
          `--${output} ${given} is the same file as ${name.en} (${shown}): an output never replaces an input`,
      );
    }
  }
  const [out, json] = [ids.get("out"), ids.get("json")];
  if (out && json && same(out, json)) {
    throw new SameFileError(
      `--json ${files.json} 与 --out ${files.out} 是同一个文件（${out.real}）：一个输出会覆盖另一个 / ` +
        `--json ${files.json} is the same file as --out ${files.out} (${out.real}): one output would replace the other`,
    );
  }
}
