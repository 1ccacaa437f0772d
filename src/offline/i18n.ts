/**
 * The offline page's own words, in Chinese and English; what it shares with the task pane (the mapping cards, the
 * year before, assumptions, blocking rows, results, explanations) keeps the pane's words (src/taskpane/i18n.ts).
 */
import type { Lang } from "../engine/types";

const zh = {
  title: "专利转化奖补 · 离线版",
  intro:
    "无需安装、无需联网：在本机浏览器中按命令行工具同样的规则计算，文件不会离开本机。选择台账工作簿，核对后点“下载结果”，得到与命令行工具相同的结果工作簿。",
  ledger: "台账工作簿（.xlsx）",
  prior: "往期结果或已兑付文件（可选，同命令的 --prior）",
  priorClear: "不用往期文件",
  dropHint: "也可以把文件拖到这里",
  reading: (name: string) => `正在读取“${name}”…`,
  read: (name: string, sheets: number) => `已读取“${name}”：${sheets} 张工作表`,
  options: "选项",
  reallocate: "资金调剂（§四(三)）",
  reallocateDefault: "按政策（调剂）",
  reallocateOff: "不调剂",
  reallocatePriority: "按指定顺序调剂",
  rounding: "取整",
  roundingDefault: "按政策",
  publicityStart: "公示开始日期（不填则结果为草稿）",
  contact: "公示联系人及电话",
  download: "下载结果",
  writing: "正在生成结果工作簿…",
  downloaded: (name: string) => `已生成“${name}”。`,
  mapping: "工作表与列",
  yearBefore: "往期",
  result: "平衡结果（尚未下载）",
  explain: "为什么是这个金额",
  explainSheet: "工作表",
  explainRow: "行号",
  explainGo: "说明",
  notices: "提示",
  noFile: "请先选择台账工作簿。",
  lang: "English",
};

export type PageStrings = typeof zh;

const en: PageStrings = {
  title: "Patent commercialisation awards · offline",
  intro:
    "No install, no network: this page balances in your browser by the same rules as the command-line tool, and no file leaves this computer. Choose the ledger workbook, check it, then press 下载结果 (download the result) for the workbook the command writes.",
  ledger: "Ledger workbook (.xlsx)",
  prior: "Earlier result or 已兑付 file (optional, as the command's --prior)",
  priorClear: "No earlier file",
  dropHint: "or drop the file here",
  reading: (name) => `Reading "${name}"…`,
  read: (name, sheets) => `Read "${name}": ${sheets} sheets`,
  options: "Options",
  reallocate: "Reallocation (§四(三))",
  reallocateDefault: "As the policy says (reallocate)",
  reallocateOff: "Do not reallocate",
  reallocatePriority: "Reallocate in this order",
  rounding: "Rounding",
  roundingDefault: "As the policy says",
  publicityStart: "Publicity start (without it the result is a draft)",
  contact: "Publicity contact and phone",
  download: "下载结果 (download the result)",
  writing: "Writing the result workbook…",
  downloaded: (name) => `"${name}" written.`,
  mapping: "Sheets and columns",
  yearBefore: "Earlier batches",
  result: "Balance (not yet downloaded)",
  explain: "Why this amount",
  explainSheet: "Sheet",
  explainRow: "Row",
  explainGo: "Explain",
  notices: "Notices",
  noFile: "Choose the ledger workbook first.",
  lang: "中文",
};

export function pageStrings(lang: Lang): PageStrings {
  return lang === "zh" ? zh : en;
}
