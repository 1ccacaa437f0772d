#!/usr/bin/env node
"use strict";
/**
 * Writes a large P2 ledger workbook (中小微企业受让专利), to measure what the command does with it:
 * one sheet, a title row, the header row, then ROWS claims laid out as bench/cli.bench.ts lays out its
 * P2 sheet (valid credit codes and patent numbers, ~2 % of rows refused, dates as text and as serials).
 * Written with exceljs's streaming writer, so a million rows take little memory to write.
 *
 *   npm run build:cli && node scripts/make-big-ledger.js 1000000 /tmp/big-1m.xlsx
 *   /usr/bin/time -v node bin/patent-awards.js balance /tmp/big-1m.xlsx --out /tmp/r.xlsx
 *
 * A third argument, 1–5, adds that many of the columns a clerk's sheet also has (序号, 合同金额（万元）,
 * 其他财政支持, 是否列入黑名单, 备注), to measure a wider ledger than the bench's 12 columns.
 */
const path = require("path");
const ExcelJS = require("exceljs");
const { creditCodeCheckChar } = require("../lib/engine/creditCode");
const { patentCheckChar } = require("../lib/engine/patentNumber");

/** Claims per unit, as in bench/engine.bench.ts: units reach the cap, the item goes over budget. */
const ROWS_PER_UNIT = 4;

const HEADER = [
  "企业名称",
  "社会信用代码",
  "企业规模",
  "所在区",
  "转让方",
  "转让方性质",
  "转让方所在地",
  "专利申请号",
  "类型",
  "交易方式",
  "数量",
  "登记日期",
];

function creditCode(unit) {
  const first17 = `91500112MA${String(unit).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

function patent(serial, typeDigit) {
  const digits = `2022${typeDigit}${String(serial % 10_000_000).padStart(7, "0")}`;
  return `ZL${digits}.${patentCheckChar(digits)}`;
}

/** Further columns, with row i's value in each. */
const EXTRA = [
  ["序号", (i) => i + 1],
  ["合同金额（万元）", (i) => 5 + (i % 50)],
  ["其他财政支持", () => "否"],
  ["是否列入黑名单", () => "否"],
  ["备注", (i) => (i % 7 === 0 ? `第${i % 4}批补充材料已提交，待复核` : "")],
];

/** Row i of the sheet's claims, in HEADER's order. */
function claimRow(i) {
  const unit = Math.floor(i / ROWS_PER_UNIT);
  const invention = i % 2 === 0;
  const recordDate = i % 3 === 0 ? 45400 + (i % 200) : `2024-0${1 + (i % 9)}-1${i % 10}`;
  return [
    `重庆测试${unit}号科技有限公司`,
    creditCode(unit),
    "小型",
    "渝北区",
    "重庆大学",
    i % 41 === 0 ? "大型企业" : "高校",
    "沙坪坝区",
    patent(i, invention ? 1 : 2),
    invention ? "发明" : "实用新型",
    i % 5 === 0 ? "许可" : "转让",
    1,
    i % 53 === 0 ? "2023-08-01" : recordDate,
  ];
}

async function writeBigLedger(file, rows, extraColumns = 0, sheetName = "中小微企业受让专利") {
  const extra = EXTRA.slice(0, extraColumns);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = wb.addWorksheet(sheetName);
  sheet.addRow([`${sheetName}申报汇总表`]).commit();
  sheet.addRow([...HEADER, ...extra.map(([h]) => h)]).commit();
  for (let i = 0; i < rows; i++) sheet.addRow([...claimRow(i), ...extra.map(([, v]) => v(i))]).commit();
  sheet.commit();
  await wb.commit();
}

module.exports = { writeBigLedger, claimRow, HEADER };

if (require.main === module) {
  const rows = Number(String(process.argv[2] ?? "").replace(/[_,]/g, ""));
  const file = process.argv[3];
  const extra = Number(process.argv[4] ?? 0);
  if (!Number.isInteger(rows) || rows < 1 || !file || !Number.isInteger(extra) || extra < 0 || extra > EXTRA.length) {
    process.stderr.write("usage: node scripts/make-big-ledger.js ROWS OUT.xlsx [EXTRA_COLUMNS 0-5]\n");
    process.exit(1);
  }
  const started = Date.now();
  writeBigLedger(path.resolve(file), rows, extra)
    .then(() =>
      process.stdout.write(`wrote ${file}: ${rows.toLocaleString("en")} claim rows in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
    )
    .catch((e) => {
      process.stderr.write(`${e.stack || e}\n`);
      process.exit(1);
    });
}
