/**
 * Every file the command reads, read one way (issue 16 item 2): a regular file, no larger than a file of its kind
 * can be, checked before a byte is read. A pipe or a device is read until it ends — /dev/zero never does — and a
 * file of gigabytes ends the run out of memory; either is refused (exit 2) with what it is and what to do.
 */
import { fileErrorText } from "./fileErrors";
import { constants, promises as fs, type Stats } from "fs";
import { megabytes, WORKBOOK_LIMITS } from "../xlsx/zip";
import { kindOf } from "./paths";

/** A file the command cannot read as an input: the message names the option, the file and what to do. Exit 2. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputFileError";
  }
}

/** The largest file of each kind the command reads, and the kind in words. */
export interface InputKind {
  bytes: number;
  zh: string;
  en: string;
}

/** A ledger, an earlier result, a holiday workbook: as large as a workbook a run can hold (src/xlsx/zip.ts). */
export const WORKBOOK: InputKind = { bytes: WORKBOOK_LIMITS.file, zh: "工作簿", en: "a workbook" };
/** A policy file or a holiday list is a few KB: 4 MB is a thousand times that, and no more is read. */
export const TEXT: InputKind = {
  bytes: 4 * 1024 * 1024,
  zh: "政策文件或节假日表",
  en: "a policy file or holiday list",
};

/**
 * The bytes of `file`, given as `option` (`--policy`; none for the ledger), once it is found to be a regular file
 * within `kind`'s size. Checked again on the open file, so that a file swapped for a pipe in between is refused
 * too; opened without waiting, since opening a pipe to read waits for a writer.
 */
export async function readInput(file: string, option: string | undefined, kind: InputKind): Promise<Buffer> {
  const named = option ? `${option} ${file}` : file;
  const check = (stat: Stats) => {
    if (!stat.isFile()) {
      const what = kindOf(stat);
      throw new InputFileError(
        `${named} 是${what.zh}，不是普通文件：请给出要读取的文件的路径 / ` +
          `${named} is ${what.en}, not a regular file: give the path of the file to read`,
      );
    }
    if (stat.size > kind.bytes) {
      throw new InputFileError(
        `${named} 有 ${megabytes(stat.size)}，超过${kind.zh}的上限 ${megabytes(kind.bytes)}：请确认给出的是正确的文件 / ` +
          `${named} is ${megabytes(stat.size)}, more than ${kind.en} can be (${megabytes(kind.bytes)}): check that it is the right file`,
      );
    }
  };
  try {
    check(await fs.stat(file));
    const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stat = await handle.stat();
      check(stat);
      const data = Buffer.alloc(stat.size);
      let read = 0;
      while (read < data.length) {
        const { bytesRead } = await handle.read(data, read, data.length - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return read === data.length ? data : data.subarray(0, read);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw e instanceof InputFileError ? e : unreadable(named, e);
  }
}

/** A file-system error on reading, named and explained in both languages (src/cli/fileErrors.ts); else a bug. */
function unreadable(named: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  return typeof err?.code === "string" ? new InputFileError(fileErrorText(named, err)) : e;
}
