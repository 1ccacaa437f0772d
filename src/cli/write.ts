/**
 * Write whole or not at all (issue 15 item 9): every output goes to a temporary file beside it, is flushed to disk,
 * and only then renamed over the output, so that a run killed, out of disk or failing midway leaves the file that
 * was there as it was — never a truncated workbook a clerk would open and pay from.
 */
import { randomBytes } from "crypto";
import { promises as fs, type Stats } from "fs";
import path from "path";
import { fileErrorText } from "./fileErrors";
import { OutputError, realPath } from "./paths";

/** One file the run writes: the path as given, and what it holds. */
export interface Output {
  file: string;
  /** Pieces (`Iterable`) are made as they are written: src/cli/jsonPieces.ts. */
  data: Uint8Array | string | Iterable<Uint8Array>;
}

/** An output written to its temporary file, not yet renamed over the output. */
interface Staged {
  file: string;
  target: string;
  temp: string;
  before?: Stats;
}

/**
 * Writes every output's temporary file, then renames each over its output: a failure while producing any of them
 * replaces none. Temporary files left by a failure are removed. Where the path is a symbolic link, the file it
 * leads to is replaced, as writing to it did, not the link.
 */
export async function writeWhole(outputs: readonly Output[]): Promise<void> {
  const staged: Staged[] = [];
  try {
    for (const output of outputs) await stage(output, staged);
    for (const s of staged) await fs.rename(s.temp, s.target).catch((e: unknown) => refuse(s, e, "replace"));
  } finally {
    await Promise.all(staged.map((s) => fs.rm(s.temp, { force: true })));
  }
}

async function stage(output: Output, staged: Staged[]): Promise<void> {
  const target = await realPath(output.file);
  const dir = path.dirname(target);
  // Hidden, and named for this process with a random tail: two runs writing the same output never share one.
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const s: Staged = { file: output.file, target, temp, before: await fs.stat(target).catch(() => undefined) };
  try {
    await fs.mkdir(dir, { recursive: true });
    staged.push(s);
    // "wx": a file already there under that name (or a link planted there) is never written through.
    const handle = await fs.open(temp, "wx");
    try {
      // The replaced file keeps who may read it, as it did when it was written in place.
      if (s.before) await handle.chmod(s.before.mode & 0o7777);
      const { data } = output;
      if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
      else
        for (const piece of data)
          for (let at = 0; at < piece.length;) at += (await handle.write(piece, at)).bytesWritten;
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    refuse(s, e, "write");
  }
}

/** An error of the file system while writing or replacing an output, named and explained (exit 2); any other is a bug. */
function refuse(s: Staged, e: unknown, step: "write" | "replace"): never {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== "string") throw e;
  const detail = `${err.code} ${err.message.replace(/^\w+: /, "")}`;
  // Windows refuses to replace a file Excel holds open (EBUSY, EPERM or EACCES): the one cause a clerk can fix.
  if (step === "replace" && s.before && ["EBUSY", "EPERM", "EACCES"].includes(err.code)) {
    throw new OutputError(
      `无法替换 ${s.file}：该文件可能正在 Excel 中打开，请先在 Excel 中关闭该文件，再重新运行（${detail}）/ ` +
        `cannot replace ${s.file}: it may be open in Excel — close the file in Excel first, then run again (${detail})`,
    );
  }
  throw new OutputError(fileErrorText(s.file, err, { zh: "无法写入", en: "cannot write" }));
}
