/**
 * An error of the file system as a clerk reads it (issue 16 item 6): which file, what happened and what to do, in
 * Chinese then English whatever --lang says — never Node's English alone ("EACCES: permission denied, open …").
 */

interface Cause {
  zh: string;
  en: string;
  doZh: string;
  doEn: string;
}

const PERMISSION: Cause = {
  zh: "没有权限",
  en: "permission denied",
  doZh: "请检查该文件及其文件夹的权限（或换一个位置），再重新运行",
  doEn: "check the permissions of the file and its folder (or use another place), then run again",
};

const CAUSES: Record<string, Cause> = {
  ENOENT: {
    zh: "找不到文件",
    en: "file not found",
    doZh: "请检查路径和文件名",
    doEn: "check the path and the file name",
  },
  EACCES: PERMISSION,
  EPERM: PERMISSION,
  EISDIR: {
    zh: "这是文件夹，不是文件",
    en: "it is a folder, not a file",
    doZh: "请给出文件的路径",
    doEn: "give the path of a file",
  },
  ENOTDIR: {
    zh: "路径中有一级不是文件夹",
    en: "a part of the path is not a folder",
    doZh: "请检查路径",
    doEn: "check the path",
  },
  ENOSPC: {
    zh: "磁盘空间不足",
    en: "the disk is full",
    doZh: "请清理磁盘空间或写到其他磁盘，再重新运行",
    doEn: "free some space or write to another disk, then run again",
  },
  EFBIG: {
    zh: "文件超过了允许的大小",
    en: "the file is larger than allowed",
    doZh: "请写到其他磁盘，或请系统管理员放宽文件大小限制",
    doEn: "write to another disk, or ask the administrator to raise the file-size limit",
  },
  EROFS: {
    zh: "文件系统是只读的",
    en: "the file system is read-only",
    doZh: "请写到其他位置",
    doEn: "write somewhere else",
  },
  EBUSY: {
    zh: "文件正被占用",
    en: "the file is in use",
    doZh: "请关闭占用它的程序（如 Excel）后重新运行",
    doEn: "close the program holding it (Excel, say), then run again",
  },
  EMFILE: {
    zh: "打开的文件过多",
    en: "too many files are open",
    doZh: "请关闭其他程序后重新运行",
    doEn: "close other programs, then run again",
  },
  ENAMETOOLONG: {
    zh: "路径过长",
    en: "the path is too long",
    doZh: "请缩短文件夹或文件名",
    doEn: "shorten the folder or file name",
  },
  ELOOP: {
    zh: "符号链接循环",
    en: "symbolic links lead round in a loop",
    doZh: "请检查路径中的链接",
    doEn: "check the links along the path",
  },
};

/**
 * `file`: what happened, and what to do, in both languages; Node's code kept for whoever looks it up. `action` says
 * what was being done, when the error does not (无法写入 …).
 */
export function fileErrorText(file: string, e: NodeJS.ErrnoException, action?: { zh: string; en: string }): string {
  const code = e.code ?? "EIO";
  const cause = CAUSES[code] ?? {
    zh: "读写文件出错",
    en: "the file could not be read or written",
    doZh: "请检查该文件和磁盘后重新运行",
    doEn: "check the file and the disk, then run again",
  };
  const [zh, en] = action ? [`${action.zh} ${file}`, `${action.en} ${file}`] : [file, file];
  return `${zh}：${cause.zh}，${cause.doZh}（${code}）/ ${en}: ${cause.en}: ${cause.doEn} (${code})`;
}
