#!/usr/bin/env node
"use strict";
/**
 * Writes examples/sample-ledger.xlsx and examples/other-layout.xlsx: made-up but valid-looking ledgers
 * (names, credit codes and patent numbers with correct check characters) holding every kind of row the
 * policy knows. Deterministic: the same files on every run.
 *
 *   npm run build:cli && node examples/make-sample.js
 */
const path = require("path");
const ExcelJS = require("exceljs");
const { creditCodeCheckChar } = require("../lib/engine/creditCode");
const { patentCheckChar } = require("../lib/engine/patentNumber");

/** A unified social credit code: registration-authority/kind prefix, 渝北 area code 500112, serial. */
function creditCode(prefix, serial) {
  const first17 = `${prefix}500112${String(serial).padStart(17 - prefix.length - 6, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}
const UNIVERSITY = (n) => creditCode("12", 4000000 + n);
const ENTERPRISE = (n) => creditCode("91", `MA${String(n).padStart(7, "0")}`);

/** A CNIPA application number: year, type digit (1 invention, 2 utility, 3 design), serial. */
function patent(year, typeDigit, serial) {
  const digits = `${year}${typeDigit}${String(serial).padStart(7, "0")}`;
  return `ZL${digits}.${patentCheckChar(digits)}`;
}
/** A patent number with its check character deliberately wrong. */
function badCheck(number) {
  const right = number.slice(-1);
  return number.slice(0, -1) + (right === "1" ? "2" : "1");
}
/** A credit code with its check character deliberately wrong. */
function badCode(code) {
  return code.slice(0, -1) + (code.slice(-1) === "1" ? "2" : "1");
}
const d = (iso) => new Date(`${iso}T00:00:00Z`);

/** Fixed document dates, so a regenerated file differs only where the data does. */
function workbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = "渝北区市场监督管理局（示例）";
  wb.created = wb.modified = d("2025-01-20");
  return wb;
}

// ── Units ──────────────────────────────────────────────────────────────────────────────────────
const U = {
  ligong: ["重庆渝北理工大学", UNIVERSITY(1)],
  yike: ["重庆临空医科大学", UNIVERSITY(2)],
  xinCai: ["重庆两江新材料研究院", UNIVERSITY(3)],
  zhiZao: ["重庆渝北智能制造研究所", UNIVERSITY(4)],
  kongGang: ["重庆空港产业投资集团有限公司", creditCode("91", "202000001")],
  shuiWu: ["重庆渝北水务集团有限公司", creditCode("91", "202000002")],
  chengdu: ["成都锦城理工学院", "12510100MB0123456" + creditCodeCheckChar("12510100MB0123456")],
  zhiHui: ["重庆仙桃智慧科技研究院", UNIVERSITY(5)],
};
const SME = [
  "重庆渝北精密机械有限公司",
  "重庆临空智联科技有限公司",
  "重庆回兴电子科技有限公司",
  "重庆双凤桥新能源有限公司",
  "重庆龙兴生物医药有限公司",
  "重庆礼嘉数字科技有限公司",
  "重庆悦来光电有限公司",
  "重庆木耳农业科技有限公司",
  "重庆统景环保科技有限公司",
  "重庆玉峰山材料有限公司",
  "重庆古路汽车零部件有限公司",
  "重庆茨竹食品有限公司",
  "重庆大盛智能装备有限公司",
  "重庆洛碛化工科技有限公司",
  "重庆兴隆软件有限公司",
  "重庆石船医疗器械有限公司",
  "重庆王家云计算有限公司",
  "重庆龙塔检测技术有限公司",
  "重庆宝圣湖文创科技有限公司",
  "重庆仙桃数据服务有限公司",
].map((name, i) => [name, ENTERPRISE(101 + i)]);

function titleRows(sheet, title, subtitle, width) {
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: "center" };
  sheet.addRow([subtitle]);
  sheet.mergeCells(2, 1, 2, width);
}

function header(sheet, headers) {
  const row = sheet.addRow(headers);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  row.height = 36;
  headers.forEach((h, i) => (sheet.getColumn(i + 1).width = Math.max(10, Math.min(28, String(h).length * 2.2))));
}

function dateFormat(sheet, column) {
  sheet.getColumn(column).numFmt = "yyyy-mm-dd";
}

// ── sample-ledger.xlsx ─────────────────────────────────────────────────────────────────────────
async function sample(file) {
  const wb = workbook();

  // P1: by the sheet name (高校院所 → P1). Headers with a line break, full-width brackets.
  const p1 = wb.addWorksheet("高校院所输出专利");
  titleRows(p1, "2024年度高校院所、国有企业输出专利技术绩效奖补申报汇总表", "填报单位：渝北区市场监督管理局知识产权科　　　　单位：元", 17);
  header(p1, [
    "序号",
    "申报单位",
    "统一社会\n信用代码",
    "单位性质",
    "所在区县",
    "专利号",
    "专利类型",
    "转化方式",
    "件数",
    "受让方/被许可方",
    "受让方企业规模",
    "受让方所在区",
    "开放许可平台",
    "备案/登记日期",
    "是否获得其他财政资金支持",
    "是否列入黑名单",
    "备注",
  ]);
  dateFormat(p1, 14);
  const lg = U.ligong;
  const fourteen = Array.from({ length: 14 }, (_, i) => patent(2022, 1, 300101 + i)).join("、");
  const same = patent(2021, 1, 555001);
  const rowsP1 = [
    [1, ...lg, "高等学校", "渝北区", "ZL200710308494.X", "发明", "转让", 1, SME[0][0], "小型", "渝北区", "", d("2024-03-05"), "否", "否", ""],
    [2, ...lg, "高等学校", "渝北区", fourteen, "发明专利", "转让", 14, SME[1][0], "中型", "渝北区", "", d("2024-05-20"), "否", "否", "同一单位 15 件发明：封顶 5 万"],
    [3, ...U.xinCai, "科研院所", "渝北", patent(2020, 1, 410001), "发明", "开放许可", 1, SME[2][0], "小型", "区内", "重庆知识产权运营中心", "2024/4/18", "否", "否", ""],
    [4, ...U.xinCai, "科研院所", "渝北", patent(2020, 2, 410002), "实用新型", "开放许可", 1, SME[3][0], "微型", "区内", "某某科技成果转化网", "2024年6月3日", "否", "否", "非指定平台：按普通许可"],
    [5, ...U.kongGang, "国有企业", "渝北区", same, "发明", "许可", 1, SME[4][0], "中型", "渝北区", "", d("2024-02-01"), "否", "否", "与下一行为同一专利"],
    [6, ...U.kongGang, "国有企业", "渝北区", same, "发明", "开放许可", 1, SME[4][0], "中型", "渝北区", "江北知识产权运营公共服务平台", d("2024-02-20"), "否", "否", "从高不重复"],
    [7, ...U.yike, "大学", "渝北区", badCheck(patent(2021, 1, 620001)), "发明", "转让", 1, SME[5][0], "小型", "渝北区", "", d("2024-07-09"), "否", "否", "校验位错误"],
    [8, ...U.yike, "大学", "渝北区", patent(2021, 2, 620002), "发明", "转让", 1, SME[5][0], "小型", "渝北区", "", d("2024-07-09"), "否", "否", "类型与号码不符"],
    [9, ...U.shuiWu, "国企", "渝北区", patent(2019, 1, 700001), "发明", "转让", 1, SME[6][0], "小型", "渝北区", "", d("2023-08-15"), "否", "否", "早于资金使用周期"],
    [10, ...U.shuiWu, "国企", "渝北区", patent(2019, 3, 700002), "外观设计", "转让", 1, SME[6][0], "小型", "渝北区", "", null, "否", "否", "未办理登记"],
    [11, "重庆渝北工程职业学院", badCode(UNIVERSITY(6)), "高校", "渝北区", patent(2022, 2, 800001), "实用新型", "转让", 1, SME[7][0], "微型", "渝北区", "", d("2024-09-12"), "否", "否", "信用代码校验位错误"],
    [12, ...U.zhiZao, "科研机构", "渝北区", patent(2022, 1, 810001), "发明", "转让", 1, SME[8][0], "小型", "渝北区", "", d("2024-10-08"), "否", "是", "§四(四) 取消资格"],
    [13, ...U.chengdu, "高校", "成都市郫都区", patent(2022, 1, 820001), "发明", "转让", 1, SME[9][0], "小型", "渝北区", "", d("2024-04-22"), "否", "否", "申报单位不在区内"],
    [14, ...U.zhiHui, "研究院", "渝北区", patent(2023, 2, 830001), "实用新型", "转让", 1, SME[10][0], "小型", "渝北区", "", d("2024-11-28"), "是", "否", "已获市级资金支持"],
    [15, ...U.zhiHui, "研究院", "渝北区", patent(2023, 1, 830002), "发明", "作价入股", 1, SME[11][0], "小型", "渝北区", "", "20241203", "否", "否", "作价入股按转让"],
  ];
  rowsP1.forEach((r) => p1.addRow(r));
  p1.addRow([]);
  p1.addRow(["合计", null, null, null, null, null, null, null, 28]);

  // P2: 受让 in the sheet name; other header spellings; contract amounts in 万元.
  const p2 = wb.addWorksheet("中小微企业受让专利");
  titleRows(p2, "中小微企业接受高校院所、国有企业专利转让许可奖补申报表", "（2024年第二批）", 16);
  header(p2, [
    "序号",
    "企业名称",
    "社会信用代码",
    "企业规模",
    "所在区",
    "转让方/许可方",
    "转让方性质",
    "转让方所在地",
    "专利申请号",
    "类型",
    "交易方式",
    "数量",
    "合同金额（万元）",
    "登记日期",
    "其他财政支持",
    "备注",
  ]);
  dateFormat(p2, 14);
  const paidBefore = patent(2021, 1, 901001);
  const rowsP2 = [
    [1, ...SME[0], "小型", "渝北区", U.zhiZao[0], "科研院所", "渝北区", patent(2022, 1, 910001), "发明", "转让", 1, 12, d("2024-03-11"), "否", ""],
    [2, ...SME[0], "小型", "渝北区", U.ligong[0], "高校", "渝北区", patent(2022, 2, 910002), "实用新型", "普通许可", 1, 3.5, d("2024-03-29"), "否", ""],
    [3, ...SME[1], "中型", "渝北区", "重庆沙坪坝新材料研究所", "科研院所", "沙坪坝区", patent(2021, 2, 910003), "实用新型", "作价入股", 1, 20, d("2024-05-06"), "否", "作价入股"],
    [4, ...SME[2], "小型", "渝北区", "重庆某某重工股份有限公司", "大型企业", "九龙坡区", patent(2021, 1, 910004), "发明", "转让", 1, 50, d("2024-06-17"), "否", "对方为大型民营企业"],
    [5, ...SME[3], "微型", "渝北区", U.yike[0], "高校", "渝北区", patent(2020, 1, 910005), "发明", "转让", 1, 8, d("2023-08-31"), "否", "登记早于资金使用周期"],
    [6, ...SME[4], "小型", "渝北区", U.xinCai[0], "科研院所", "渝北区", "ZL202320123456.1", "发明", "转让", 1, 6, d("2024-02-26"), "否", "类型与号码不符"],
    [7, ...SME[5], "小型", "渝北区", "四川锦江大学", "高校", "成都市", patent(2022, 1, 910007), "发明", "转让", 1, 15, d("2024-08-08"), "否", "转让方不在市内"],
    [8, ...SME[6], "小型", "渝北区", U.ligong[0], "高校", "渝北区", paidBefore, "发明", "转让", 1, 10, d("2024-01-15"), "否", "第一批已兑付"],
    [9, SME[7][0], badCode(SME[7][1]), "微型", "渝北区", U.yike[0], "高校", "渝北区", patent(2022, 3, 910009), "外观设计", "转让", 1, 2, d("2024-09-30"), "否", ""],
    [10, ...SME[8], "小型", "渝北区", U.kongGang[0], "国有企业", "渝北区", patent(2023, 1, 910010), "发明", "独占许可", 1, 30, d("2024-10-21"), "是", "已获其他财政资金"],
    [11, ...SME[9], "中型", "渝北区", "重庆大学", "高校", "沙坪坝区", Array.from({ length: 6 }, (_, i) => patent(2020, 1, 920001 + i)).join("\n"), "发明", "转让", 6, 180, d("2024-11-05"), "否", "6 件"],
    [12, ...SME[10], "小型", "江北区", "重庆大学", "高校", "沙坪坝区", patent(2020, 1, 920101), "发明", "转让", 1, 9, d("2024-06-06"), "否", "申报企业不在区内"],
  ];
  rowsP2.forEach((r) => p2.addRow(r));
  p2.addRow(["合 计", null, null, null, null, null, null, null, null, null, null, 17, 345.5]);

  // P3: 产品备案. A unit with 35 filings reaches the 30,000 cap; a large enterprise is refused.
  const p3 = wb.addWorksheet("专利产品备案");
  titleRows(p3, "中小微企业专利产品备案奖补申报表", "单位：件、元", 9);
  header(p3, ["序号", "申报主体", "信用代码", "主体类型", "注册地", "产品名称", "产品备案号", "件数", "备案日期"]);
  dateFormat(p3, 9);
  const products = ["智能温控阀", "车载毫米波雷达", "可降解餐盒", "医用缝合器", "光伏接线盒", "工业视觉相机", "冷链监测终端", "节水灌溉控制器"];
  products.forEach((name, i) => {
    const unit = SME[12 + i];
    p3.addRow([i + 1, ...unit, "小微企业", "渝北区", name, `CNIPA-CP-2024-${String(1201 + i).padStart(5, "0")}`, 1 + (i % 4), i % 2 ? `2024/${i + 2}/15` : d(`2024-0${i + 1}-10`)]);
  });
  p3.addRow([9, ...SME[0], "小型", "渝北区", "精密减速机系列", "CNIPA-CP-2024-02001", 35, d("2024-10-10")]);
  p3.addRow([10, "重庆长空汽车集团有限公司", creditCode("91", "202000009"), "大型企业", "渝北区", "新能源整车控制器", "CNIPA-CP-2024-02002", 3, d("2024-08-01")]);
  p3.addRow([]);
  p3.addRow(["合计", null, null, null, null, null, null, 58]);

  // P4: 质押 in the sheet name; amounts in 万元, one as 亿, one in full-width digits. Over its budget.
  const p4 = wb.addWorksheet("专利质押融资");
  titleRows(p4, "中小微企业专利质押融资奖补申报表", "单位：万元", 9);
  header(p4, ["序号", "申请单位", "统一社会信用代码", "单位类型", "所属区域", "质押登记号", "融资金额（万元）", "生效日期", "备注"]);
  dateFormat(p4, 8);
  const pledges = [
    [SME[1], 1234.5678, ""],
    [SME[2], "1.2亿", "融资 1.2 亿元"],
    [SME[3], 5000, "第一批已兑付 15 万元"],
    [SME[4], "１２３.５", ""],
    [SME[5], 9800, ""],
    [SME[6], 10000, ""],
    [SME[7], 8600, ""],
    [SME[9], 12000, ""],
    [SME[10], 7500, ""],
    [SME[11], 9900, ""],
    [SME[13], 11000, ""],
    // More demand than every item's unspent money together: P4 is paid pro rata even after reallocation.
    ...[0, 8, 12, 14, 15, 16, 17, 18, 19].map((i) => [SME[i], 10000 + i * 100, "超出全部结余：按比例兑付"]),
  ];
  pledges.forEach(([unit, amount, note], i) =>
    p4.addRow([i + 1, ...unit, "中小微企业", "渝北区", `Y2024${String(500 + i).padStart(6, "0")}`, amount, d(`2024-${String((i % 9) + 2).padStart(2, "0")}-2${i % 8}`), note]),
  );
  p4.addRow([pledges.length + 1, "重庆渝北融资担保有限公司", creditCode("91", "202000010"), "中小微企业", "渝北区", "Y2024000999", 3000, null, "缺生效日期"]);
  p4.addRow(["合计"]);

  // 已兑付: what batch 1 paid (as in CASES #12, and a patent now claimed again).
  const paid = wb.addWorksheet("已兑付");
  header(paid, ["奖补项目", "单位名称", "统一社会信用代码", "兑付金额（元）", "专利号"]);
  paid.addRow(["P4", ...SME[3], 150000, ""]);
  paid.addRow(["P2", ...SME[6], 4000, paidBefore]);

  // P5–P8 (§二(二)): the funding plan of the selected units. P7 plans 370,000 of its 600,000, so its
  // 230,000 left is moved to the items short of money.
  const plan = wb.addWorksheet("支持项目资金计划");
  titleRows(plan, "2024年度专利转化支持项目资金计划", "单位：元", 5);
  header(plan, ["序号", "项目", "承担单位", "统一社会信用代码", "支持金额（元）"]);
  const AGENCY = (n) => creditCode("91", `MA${String(n).padStart(7, "0")}`);
  const PARK = ["重庆临空经济示范区管理委员会", creditCode("11", "000000001")];
  const AGENCIES = [
    ["重庆渝知知识产权服务有限公司", AGENCY(901)],
    ["重庆空港专利代理事务所（普通合伙）", AGENCY(902)],
    ["重庆两江技术转移中心有限公司", AGENCY(903)],
  ];
  const ASSOCIATION = ["渝北区知识产权协会", creditCode("51", "000000001")];
  [
    ["P5", ...PARK, 800000],
    ["P6", ...U.ligong, 150000],
    ["P6", ...U.yike, 150000],
    ["P7", ...AGENCIES[0], 150000],
    ["P7", ...AGENCIES[1], 120000],
    ["P7", ...AGENCIES[2], 100000],
    ["P8", ...ASSOCIATION, 50000],
  ].forEach(([item, unit, code, amount], i) => plan.addRow([i + 1, item, unit, code, amount]));
  plan.addRow(["合计", null, null, null, 1520000]);

  // Indicators reported at acceptance (结题验收): some tasks met, some short, one yes/no not done.
  const done = wb.addWorksheet("绩效指标");
  header(done, ["项目", "承担单位", "指标", "完成值", "备注"]);
  [
    ["P5", PARK[0], "促成中小微企业接受高校院所专利转让许可次数", 56, ""],
    ["P5", PARK[0], "smeCount", 6, "任务编号也可"],
    ["P5", PARK[0], "专利质押融资累计金额", "4800万", "差 200 万元"],
    ["P5", PARK[0], "宣传培训活动", "60、45、80", "一场不足 50 人"],
    ["P5", PARK[0], "建立线上数据系统", "是", ""],
    ["P6", U.ligong[0], "向市内中小微企业转移转化专利占有效专利比例", "1.5%", "差 0.5%"],
    ["P6", U.ligong[0], "发明专利申请量", 12, ""],
    ["P7", AGENCIES[0][0], "撮合中小微企业接受高校院所专利转让许可次数", 41, ""],
    ["P7", AGENCIES[0][0], "定期报送数据统计材料", "否", ""],
    ["P8", ASSOCIATION[0], "宣传培训活动", "52、61、50", ""],
  ].forEach((r) => done.addRow(r));

  // Not a ledger: the bureau's notes sheet, which the reader must pass over without guessing.
  const notes = wb.addWorksheet("填表说明");
  notes.addRow(["填表说明"]);
  notes.addRow(["1. 金额单位以表头括号内为准；2. 日期格式 yyyy-mm-dd；3. 一行多件专利时以“、”分隔。"]);

  await wb.xlsx.writeFile(file);
}

// ── other-layout.xlsx ──────────────────────────────────────────────────────────────────────────
/** Rows of the combined sheet; `expect` is what the policy says about each (checked by a test). */
const OTHER = [
  // item, name, code, kind, district, counterparty, its kind, its district, number, type, mode, count, platform, amount(元), date, other support, expect
  ["P1", U.ligong[0], U.ligong[1], "高等学校", "渝北", SME[0][0], "小微企业", "渝北", patent(2022, 1, 120001), "发明专利", "转让", 1, "", "", d("2024-03-05"), "否"],
  ["1", U.xinCai[0], U.xinCai[1], "科研机构", "渝北", SME[1][0], "中型企业", "渝北", patent(2022, 2, 120002), "实用新型专利", "开放许可", 1, "江北知识产权运营公共服务平台", "", 45400, "N"],
  ["高校院所、国有企业输出专利技术", U.kongGang[0], U.kongGang[1], "国企", "渝北区", SME[2][0], "小型", "渝北区", patent(2022, 3, 120003), "外观设计", "排他许可", 1, "", "", "2024.06.30", "0"],
  ["P2", SME[3][0], SME[3][1], "小型企业", "渝北区", "重庆大学", "大学", "沙坪坝", patent(2021, 1, 120004), "invention", "转让", 1, "", "1,200,000", "2024年7月1日", ""],
  ["2", SME[4][0], SME[4][1], "微型企业", "渝北区", "重庆化工研究院有限公司", "国有企业", "长寿区", patent(2021, 2, 120005), "utility", "作价投资", 1, "", "300,000.00", "20240815", "否"],
  ["P2", SME[5][0], SME[5][1], "小型企业", "渝北区", "某某控股集团有限公司", "大型企业", "渝中区", patent(2021, 1, 120006), "发明", "转让", 1, "", "500,000", d("2024-05-05"), "否"],
  ["3", SME[6][0], SME[6][1], "小型企业", "渝北区", "", "", "", "", "", "", 4, "", "", "2024/9/9", "否"],
  ["中小微企业开展专利产品备案", SME[7][0], SME[7][1], "中小微企业", "渝北区", "", "", "", "", "", "", 2, "", "", d("2023-07-01"), "否"],
  ["P4", SME[8][0], SME[8][1], "中小微企业", "渝北区", "", "", "", "", "", "", "", "", "12,000,000", d("2024-10-10"), "否"],
  ["4", SME[9][0], SME[9][1], "中小微企业", "渝北区", "", "", "", "", "", "", "", "", "3,456,789.5", "2024-12-31", "是"],
];

async function otherLayout(file) {
  const wb = workbook();
  const sheet = wb.addWorksheet("2024年度奖补申报明细");
  sheet.addRow(["渝北区专利转化专项资金申报明细（综合）"]);
  sheet.addRow([]);
  // Different synonyms and order; amounts in 元 with commas; dates as text forms, an Excel date and a serial.
  header(sheet, [
    "申报主体",
    "奖补\n项目",
    "专利号/申请号",
    "转让许可方式",
    "平台",
    "变更日期",
    "主体类型",
    "所属区域",
    "交易对方",
    "对方类型",
    "对方所在区县",
    "专利数量",
    "专利类型",
    "交易金额(元)",
    "贷款金额(元)",
    "已获其他财政资金支持",
    "社会信用代码",
  ]);
  dateFormat(sheet, 6);
  for (const r of OTHER) {
    const [item, name, code, kind, district, cp, cpKind, cpDistrict, number, type, mode, count, platform, amount, date, other] = r;
    const pledge = item === "P4" || item === "4";
    sheet.addRow([name, item, number, mode, platform, date, kind, district, cp, cpKind, cpDistrict, count, type, pledge ? "" : amount, pledge ? amount : "", other, code]);
  }
  await wb.xlsx.writeFile(file);
}

(async () => {
  await sample(path.join(__dirname, "sample-ledger.xlsx"));
  await otherLayout(path.join(__dirname, "other-layout.xlsx"));
  process.stdout.write("wrote examples/sample-ledger.xlsx and examples/other-layout.xlsx\n");
})().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
