// Writes examples/template.xlsx: the workbook staff start from. A first sheet (使用说明) says what the template is,
// why its PATENT.* formulas show #NAME? without the add-in and how to load it; then one sheet per award item
// (P1–P4) with ONE ROW PER PATENT (P3: per product filing, P4: per pledge) as the bureau's ledgers have them, the
// PATENT.* functions beside the data, dropdowns on the columns a clerk picks from, a note on every formula
// column's header; then 已兑付, what earlier batches paid, laid out as 一键平衡 and the command read it; then
// publicity dates and the policy's targets and parameters.
// Run: node examples/make-template.js [OUT.xlsx]   (default examples/template.xlsx)
//
// Excel saves an add-in's custom function as _xldudf_<NAMESPACE>_<NAME>(…) and shows it as NAMESPACE.NAME(…)
// when the add-in is loaded, so formulas are written here as PATENT.X(…) and stored in that form. The
// pro-rata column is an array formula over its rows, so every version of Excel fills the whole column.
//
// Earlier payouts are kept in ONE place, the 已兑付 sheet, which the balancer reads too (LEDGER.md "Earlier
// payouts"); the item sheets derive from it by SUMIFS, so the template and 一键平衡 count the same payouts:
// each row's 单位往期已兑付 is what its unit was paid before in this item (by credit code when the row has one —
// plus payouts listed without a code under the row's name, which the balancer joins to the coded unit — else by
// name), and each item's 已兑付（前批次） is what the item paid before. No money moved between items here.
//
// The per-unit cap is per unit, and a unit has several rows: each row's unit (单位标识: its credit code, else its
// name) sums the unit's awards (SUMIF), =PATENT.UNIT_CAP caps that sum less what the unit was paid before, and the
// capped sum is spread back over the unit's rows in proportion to their awards, to the fen: each row is the
// difference of the rounded running share (round(capped × awards so far ÷ unit total) − the same before this
// row), so the rows add up exactly to the unit's capped amount and each is within one fen of its exact share.
// The pro-rata column shares out what is left of the item's budget: 项目预算 − 已兑付（前批次）.

/** The sheet of earlier payouts: title, note, header, then data rows (dropdowns and formats; SUMIFS read whole columns). */
const PAID_SHEET = "已兑付";
const PAID_HEADER_ROW = 3;
const PAID_FIRST = 4;
const PAID_ROWS = 50;
const PAID_LAST = PAID_FIRST + PAID_ROWS - 1;
/** 已兑付's columns: A item, B name, C credit code, D what was paid for, E amount; F a check (formula). */
const PAID = { item: "A", name: "B", code: "C", ref: "D", amount: "E", check: "F" };
const paidCol = (key) => `'${PAID_SHEET}'!$${PAID[key]}:$${PAID[key]}`;
/** SUMIFS over 已兑付's amounts, by criteria [[column key, criterion], …]. */
const paidSum = (criteria) => `SUMIFS(${paidCol("amount")},${criteria.map(([k, c]) => `${paidCol(k)},${c}`).join(",")})`;
const path = require("path");
const ExcelJS = require("exceljs");

const OUT = process.argv[2] ? path.resolve(process.argv[2]) : path.join(__dirname, "template.xlsx");
const MONEY = "#,##0.00";
const DATE = "yyyy-mm-dd";
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const FORMULA_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE2EFDA" } };
const INPUT_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };

/** Rows of an item sheet: title, note, the budget block (labels, values), the header, then the data rows. */
const TITLE_ROW = 1;
const NOTE_ROW = 2;
const BLOCK_LABEL_ROW = 3;
const BLOCK_VALUE_ROW = 4;
const HEADER_ROW = 5;
const FIRST = 6;
/**
 * Data rows with formulas, dropdowns and formats: a batch's ledger of a district fits; insert rows above the last to
 * add (Excel copies the formulas). No more: each would print as a page line of #NAME? without the add-in.
 */
const DATA_ROWS = 50;
const LAST = FIRST + DATA_ROWS - 1;

/** Page numbers at the foot of every page, in Excel's header/footer codes. */
const PAGE_FOOTER = "&C第 &P 页，共 &N 页";

/**
 * A ledger sheet prints A4 landscape, one page wide, its header on every page, numbered; no print area, so the output
 * columns a balance appends print with the ledger.
 */
function printWide(ws, headerRow) {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: PAGE_FOOTER };
}

/** PATENT.X( → the form Excel stores in a file. */
const stored = (formula) => formula.replace(/PATENT\.([A-Z_]+)\(/g, "_xldudf_PATENT_$1(");

const PATENT_TYPES = ["发明", "实用新型", "外观设计"];
const PLATFORMS = ["重庆知识产权运营中心", "江北知识产权运营公共服务平台"];

const ONE_ROW_PER_PATENT =
  "每件专利一行（同一单位可有多行，单位上限按该单位各行合计）。黄色列手工填写，可从下拉列表选择；绿色表头列为公式，鼠标停在表头上可看说明。";
/** Every item sheet's note ends so: where earlier payouts go, and that moves between items are not done here. */
const PAID_ELSEWHERE =
  "以前批次的兑付填在「已兑付」表（一键平衡和命令行也读该表），本表的往期已兑付和已兑付（前批次）由公式从该表相加；本表不做项目间资金调剂。";

/** The columns every item sheet ends with: the unit's key, its total, its cap, each row's capped amount, pro rata. */
function unitColumns(item, clause, award) {
  return [
    {
      key: "unit",
      header: "单位标识",
      width: 24,
      f: (r, L) =>
        `IF(${L.name}${r}="","",IF(TRIM(${L.code}${r})<>"","代码:"&UPPER(TRIM(${L.code}${r})),"名称:"&TRIM(${L.name}${r})))`,
      note:
        "同一单位的各行按本列合并：有统一社会信用代码时按代码（去空格、转大写），否则按单位名称（去首尾空格）。" +
        "单位上限按单位计（§二(一)1–4「同一单位奖补金额不超过…」），单位以统一社会信用代码识别；名称中的全角字符、* ? ~ 本列不处理。",
    },
    {
      key: "unitAward",
      header: "单位奖补合计（元）",
      width: 14,
      money: true,
      f: (r, L) => `IF(${L.unit}${r}="","",SUMIF($${L.unit}$${FIRST}:$${L.unit}$${LAST},${L.unit}${r},$${L[award]}$${FIRST}:$${L[award]}$${LAST}))`,
      note: `=SUMIF：本表中同一单位（单位标识相同）各行奖补金额之和，封顶前（${clause}）。`,
    },
    {
      key: "paid",
      header: "单位往期已兑付（元）",
      width: 14,
      money: true,
      f: (r, L) => {
        const inItem = ["item", `"${item}"`];
        const code = ["code", `TRIM(${L.code}${r})`];
        const name = ["name", `TRIM(${L.name}${r})`];
        // "=" is a blank cell: a payout listed without a code, under this row's name.
        const byCode = `${paidSum([inItem, code])}+${paidSum([inItem, ["code", `"="`], name])}`;
        return `IF(${L.unit}${r}="","",IF(TRIM(${L.code}${r})<>"",${byCode},${paidSum([inItem, name])}))`;
      },
      note:
        `=SUMIFS：该单位以前批次在本项目（${item}）已兑付的金额之和，从「${PAID_SHEET}」表相加，在单位上限中扣除（${clause}「同一单位奖补金额不超过…」，按政策期内各批次累计）。` +
        "有统一社会信用代码的行：「已兑付」中代码相同的兑付，加上未填代码、单位名称相同的兑付（一键平衡也把它们归入该单位）；没有代码的行：单位名称相同的兑付。" +
        "同一单位各行显示同一金额（不要相加）。以前批次的兑付请填在「已兑付」表，一键平衡和命令行也读该表。",
    },
    {
      key: "unitCapped",
      header: "单位封顶后（元）",
      width: 14,
      money: true,
      f: (r, L) =>
        `IF(${L.unit}${r}="","",PATENT.UNIT_CAP("${item}",${L.unitAward}${r},${L.paid}${r}))`,
      note:
        `=PATENT.UNIT_CAP：单位奖补合计按本项目的单位上限封顶（${clause}「同一单位奖补金额不超过…」），` +
        "先扣除该单位往期已兑付（左列，来自「已兑付」表），取到分。上限见「目标与参数」表。",
    },
    {
      key: "capped",
      header: "封顶后（元）",
      width: 14,
      money: true,
      f: (r, L) => {
        const soFar = `SUMIF($${L.unit}$${FIRST}:${L.unit}${r},${L.unit}${r},$${L[award]}$${FIRST}:${L[award]}${r})`;
        const share = (amount) => `ROUND(${L.unitCapped}${r}*${amount}/${L.unitAward}${r},2)`;
        return `IF(${L.unit}${r}="","",IF(${L.unitAward}${r}=0,0,ROUND(${share(soFar)}-${share(`(${soFar}-N(${L[award]}${r}))`)},2)))`;
      },
      note:
        `本行封顶后：单位封顶后（${clause} 单位上限）按各行奖补金额的比例分到各行，取到分（按累计份额四舍五入后相减）。` +
        "同一单位各行之和正好等于单位封顶后，每行与精确份额相差不超过 1 分；未封顶的单位各行等于奖补金额。" +
        "「一键平衡」按最大余额法分到各行，个别行可能与本列差 1 分，单位合计相同。",
    },
    {
      key: "proRata",
      header: "按比例兑付（元）",
      width: 16,
      money: true,
      note:
        "=PATENT.PRORATA（数组公式）：全部行的封顶后之和超过本批可用预算（项目预算 − 已兑付（前批次））时，" +
        "各行按同一比例兑付，按最大余额法取到分，合计正好等于本批可用预算（§四(三)「超出预算时，则按照比例进行兑付」）；" +
        "未超出时等于封顶后。不含项目间资金调剂（与 --no-reallocate 的结果一致）和从高不重复检查，正式兑付以「一键平衡」或命令行结果为准。",
    },
  ];
}

const CODE_VALID = {
  key: "codeValid",
  header: "代码有效",
  width: 9,
  f: (r, L) => `IF(${L.code}${r}="","",PATENT.CREDIT_CODE_VALID(${L.code}${r}))`,
  note: "=PATENT.CREDIT_CODE_VALID：统一社会信用代码是否 18 位且校验位正确（GB 32100-2015）。单位上限按单位计（§二(一)1–4），单位以此代码识别；FALSE 时请核对代码。",
};

/** Patent number checks and the type the number gives (P1, P2). */
const PATENT_CHECKS = [
  {
    key: "patentValid",
    header: "专利号有效",
    width: 10,
    f: (r, L) => `IF(${L.patent}${r}="","",PATENT.PATENT_VALID(${L.patent}${r}))`,
    note: "=PATENT.PATENT_VALID：专利号（申请号）格式和校验位是否正确（12 位数字、点和校验位，可带 ZL/CN）。按件奖补（§二(一)1–2），FALSE 的行不计奖补。",
  },
  {
    key: "numberType",
    header: "号码所示类型",
    width: 11,
    f: (r, L) => `IF(${L.patent}${r}="","",IF(${L.patentValid}${r},PATENT.PATENT_TYPE(${L.patent}${r}),"专利号有误"))`,
    note: "=PATENT.PATENT_TYPE：由专利号的类型位读出的专利类型（1、8 发明；2、9 实用新型；3 外观设计）；专利号有误时显示「专利号有误」。发明与其他类型的转让标准不同（§二(一)1–2）。",
  },
  {
    key: "typeCheck",
    header: "类型核对",
    width: 9,
    f: (r, L) =>
      `IF(OR(${L.type}${r}="",${L.numberType}${r}="",${L.numberType}${r}="专利号有误"),"",IF(${L.type}${r}=${L.numberType}${r},"一致","不一致"))`,
    note: "填写的专利类型与号码所示类型是否一致（转让标准按类型，§二(一)1–2）。不一致的行不计奖补，直到改正（与「一键平衡」相同）。专利类型留空时按号码所示类型计。",
  },
];

/** The award of a P1/P2 row, or a text saying why there is none (counted as 0 by the sums). */
function transferAward(item, withOpenLicence) {
  return (r, L) => {
    const type = `IF(${L.type}${r}="",${L.numberType}${r},${L.type}${r})`;
    const mode = `${L.mode}${r}`;
    const last = withOpenLicence
      ? `IF(${mode}="开放许可",PATENT.AWARD_OPEN_LICENSE(1,${L.platform}${r}),"请选择转化方式")`
      : `"请选择转化方式"`;
    return (
      `IF(${L.name}${r}="","",IF(${L.numberType}${r}="专利号有误","专利号有误",IF(${L.typeCheck}${r}="不一致","专利类型与专利号不符",` +
      `IF(OR(${mode}="转让",${mode}="作价入股"),PATENT.AWARD_TRANSFER(${type},1,"${item}"),` +
      `IF(${mode}="许可",PATENT.AWARD_LICENSE(1,"${item}"),${last})))))`
    );
  };
}

const list = (values, strict = true) => ({ values, strict });

const ITEMS = [
  {
    item: "P1",
    name: "P1 高校院所输出",
    title: "P1 高校院所、国有企业输出专利技术（§二(一)1）",
    clause: "§二(一)1",
    award: "award",
    columns: [
      { key: "no", header: "序号", width: 6, input: true },
      { key: "name", header: "申报单位", width: 22, input: true },
      { key: "code", header: "统一社会信用代码", width: 21, input: true },
      { key: "kind", header: "单位性质", width: 11, input: true, list: list(["高等学校", "科研机构", "国有企业"], false) },
      { key: "other", header: "受让方/被许可方", width: 22, input: true },
      { key: "otherKind", header: "受让方性质", width: 11, input: true, list: list(["中小微企业", "大型企业"], false) },
      { key: "patent", header: "专利号", width: 19, input: true },
      { key: "type", header: "专利类型", width: 10, input: true, list: list(PATENT_TYPES) },
      { key: "mode", header: "转化方式", width: 10, input: true, list: list(["转让", "许可", "开放许可", "作价入股"]) },
      { key: "platform", header: "开放许可平台", width: 26, input: true, list: list(PLATFORMS, false) },
      { key: "date", header: "备案日期", width: 11, input: true, date: true },
      CODE_VALID,
      ...PATENT_CHECKS,
      {
        key: "award",
        header: "奖补金额（元）",
        width: 14,
        money: true,
        f: transferAward("P1", true),
        note:
          "本行专利的奖补，封顶前（§二(一)1）：转让、作价入股按专利类型（=PATENT.AWARD_TRANSFER）；许可备案（=PATENT.AWARD_LICENSE）；" +
          "经重庆知识产权运营中心或江北知识产权运营公共服务平台开放许可（=PATENT.AWARD_OPEN_LICENSE，其他平台按许可备案计）。" +
          "标准见「目标与参数」表。专利号有误、类型不符或未选转化方式时显示原因，按 0 计。",
      },
      ...unitColumns("P1", "§二(一)1", "award"),
    ],
    samples: [
      { no: 1, name: "重庆某大学", code: "12500000450401234E", kind: "高等学校", other: "重庆某科技有限公司", otherKind: "中小微企业", patent: "ZL202310123456.6", type: "发明", mode: "转让", date: "2024-03-15" },
      { no: 2, name: "重庆某大学", code: "12500000450401234E", kind: "高等学校", other: "重庆某智能制造有限公司", otherKind: "中小微企业", patent: "ZL202310123457.0", type: "发明", mode: "转让", date: "2024-04-02" },
      { no: 3, name: "重庆某理工学院", code: "52500112MA5U78901M", kind: "高等学校", other: "重庆某新材料有限公司", otherKind: "中小微企业", patent: "ZL202320234567.X", type: "实用新型", mode: "许可", date: "2024-05-20" },
      { no: 4, name: "某研究院", code: "12500000450402345F", kind: "科研机构", other: "重庆某电子有限公司", otherKind: "中小微企业", patent: "ZL202410456789.5", type: "发明", mode: "开放许可", platform: PLATFORMS[0], date: "2024-06-03" },
      { no: 5, name: "某研究院", code: "12500000450402345F", kind: "科研机构", other: "重庆某装备有限公司", otherKind: "中小微企业", patent: "ZL202410456790.8", type: "发明", mode: "开放许可", platform: PLATFORMS[0], date: "2024-06-03" },
      { no: 6, name: "某研究院", code: "12500000450402345F", kind: "科研机构", other: "重庆某食品有限公司", otherKind: "中小微企业", patent: "ZL202410456791.2", type: "发明", mode: "开放许可", platform: PLATFORMS[1], date: "2024-06-18" },
      { no: 7, name: "某研究院", code: "12500000450402345F", kind: "科研机构", other: "重庆某软件有限公司", otherKind: "中小微企业", patent: "ZL202410456792.7", type: "发明", mode: "开放许可", platform: PLATFORMS[0], date: "2024-07-01" },
      { no: 8, name: "某研究院", code: "12500000450402345F", kind: "科研机构", other: "重庆某环保科技有限公司", otherKind: "中小微企业", patent: "ZL202330345678.3", type: "外观设计", mode: "开放许可", platform: "某技术交易网站", date: "2024-07-09" },
      { no: 9, name: "某研究院", code: "12500000450402345F", kind: "科研机构", other: "重庆某生物科技有限公司", otherKind: "中小微企业", patent: "ZL202410456793.1", type: "发明", mode: "转让", date: "2024-08-12" },
      { no: 10, name: "某国有企业", code: "91500112MA5U123459", kind: "国有企业", other: "重庆某精密机械有限公司", otherKind: "中小微企业", patent: "ZL202220567891.9", type: "实用新型", mode: "许可", date: "2024-07-08" },
    ],
  },
  {
    item: "P2",
    name: "P2 中小微企业受让",
    title: "P2 中小微企业接受高校院所、国有企业专利转让许可（§二(一)2）",
    clause: "§二(一)2",
    award: "award",
    columns: [
      { key: "no", header: "序号", width: 6, input: true },
      { key: "name", header: "申报单位", width: 22, input: true },
      { key: "code", header: "统一社会信用代码", width: 21, input: true },
      { key: "kind", header: "单位性质", width: 11, input: true, list: list(["中小微企业", "大型企业"], false) },
      { key: "other", header: "转让方/许可方", width: 20, input: true },
      { key: "otherKind", header: "转让方性质", width: 11, input: true, list: list(["高等学校", "科研机构", "国有企业"], false) },
      { key: "patent", header: "专利号", width: 19, input: true },
      { key: "type", header: "专利类型", width: 10, input: true, list: list(PATENT_TYPES) },
      { key: "mode", header: "转化方式", width: 10, input: true, list: list(["转让", "许可", "作价入股"]) },
      { key: "date", header: "备案日期", width: 11, input: true, date: true },
      CODE_VALID,
      ...PATENT_CHECKS,
      {
        key: "award",
        header: "奖补金额（元）",
        width: 14,
        money: true,
        f: transferAward("P2", false),
        note:
          "本行专利的奖补，封顶前（§二(一)2）：转让、作价入股按专利类型（=PATENT.AWARD_TRANSFER）；许可备案（=PATENT.AWARD_LICENSE）。" +
          "标准见「目标与参数」表。专利号有误、类型不符或未选转化方式时显示原因，按 0 计。",
      },
      ...unitColumns("P2", "§二(一)2", "award"),
    ],
    samples: [
      { no: 1, name: "重庆某科技有限公司", code: "91500112MA5U234562", kind: "中小微企业", other: "重庆某大学", otherKind: "高等学校", patent: "ZL202310678912.3", type: "发明", mode: "转让", date: "2024-02-20" },
      { no: 2, name: "重庆某智能制造有限公司", code: "91500112MA5U34567T", kind: "中小微企业", other: "某研究院", otherKind: "科研机构", patent: "ZL202320789123.2", type: "实用新型", mode: "作价入股", date: "2024-03-11" },
      { no: 3, name: "重庆某新材料有限公司", code: "91500112MA5U45678K", kind: "中小微企业", other: "某国有企业", otherKind: "国有企业", patent: "ZL202210891234.4", type: "发明", mode: "许可", date: "2024-04-25" },
      { no: 4, name: "重庆某新材料有限公司", code: "91500112MA5U45678K", kind: "中小微企业", other: "某国有企业", otherKind: "国有企业", patent: "ZL202320555003.6", type: "实用新型", mode: "许可", date: "2024-04-25" },
      { no: 5, name: "重庆某生物科技有限公司", code: "91500112MA5U56789C", kind: "中小微企业", other: "重庆某大学", otherKind: "高等学校", patent: "ZL202330912345.4", type: "外观设计", mode: "转让", date: "2024-05-30" },
      { no: 6, name: "重庆某生物科技有限公司", code: "91500112MA5U56789C", kind: "中小微企业", other: "重庆某大学", otherKind: "高等学校", patent: "ZL202310912346.8", type: "发明", mode: "转让", date: "2024-05-30" },
    ],
  },
  {
    item: "P3",
    name: "P3 产品备案",
    title: "P3 中小微企业开展专利产品备案（§二(一)3）",
    clause: "§二(一)3",
    award: "award",
    note: "每个产品备案一行（同一单位可有多行，单位上限按该单位各行合计）。黄色列手工填写；绿色表头列为公式，鼠标停在表头上可看说明。",
    columns: [
      { key: "no", header: "序号", width: 6, input: true },
      { key: "name", header: "申报单位", width: 22, input: true },
      { key: "code", header: "统一社会信用代码", width: 21, input: true },
      { key: "kind", header: "单位性质", width: 11, input: true, list: list(["中小微企业", "大型企业"], false) },
      { key: "product", header: "产品名称", width: 18, input: true },
      { key: "filing", header: "产品备案号", width: 16, input: true },
      { key: "date", header: "备案日期", width: 11, input: true, date: true },
      CODE_VALID,
      {
        key: "award",
        header: "奖补金额（元）",
        width: 14,
        money: true,
        f: (r, L) => `IF(${L.name}${r}="","",PATENT.PRODUCT_FILING_AWARD(1))`,
        note: "=PATENT.PRODUCT_FILING_AWARD：本行产品备案的奖补，封顶前（§二(一)3）。标准见「目标与参数」表。",
      },
      ...unitColumns("P3", "§二(一)3", "award"),
    ],
    samples: [
      { no: 1, name: "重庆某电子有限公司", code: "91500112MA5U678906", kind: "中小微企业", product: "智能温湿度传感器", filing: "CPBA2024000101", date: "2024-03-08" },
      { no: 2, name: "重庆某电子有限公司", code: "91500112MA5U678906", kind: "中小微企业", product: "工业网关", filing: "CPBA2024000102", date: "2024-03-08" },
      { no: 3, name: "重庆某食品有限公司", code: "91500112MA5U901235", kind: "中小微企业", product: "冻干火锅底料", filing: "CPBA2024000231", date: "2024-04-16" },
      { no: 4, name: "重庆某食品有限公司", code: "91500112MA5U901235", kind: "中小微企业", product: "即食小面", filing: "CPBA2024000232", date: "2024-04-16" },
      { no: 5, name: "重庆某食品有限公司", code: "91500112MA5U901235", kind: "中小微企业", product: "调味油", filing: "CPBA2024000233", date: "2024-04-16" },
      { no: 6, name: "重庆某食品有限公司", code: "91500112MA5U901235", kind: "中小微企业", product: "豆瓣酱", filing: "CPBA2024000234", date: "2024-04-16" },
      { no: 7, name: "重庆某装备有限公司", code: "91500112MA5U89012L", kind: "中小微企业", product: "数控折弯机", filing: "CPBA2024000305", date: "2024-06-21" },
    ],
  },
  {
    item: "P4",
    name: "P4 质押融资",
    title: "P4 中小微企业开展专利质押融资（§二(一)4）",
    clause: "§二(一)4",
    award: "award",
    note: "每笔质押融资一行（同一单位可有多行，单位上限按该单位各行合计）。黄色列手工填写；绿色表头列为公式，鼠标停在表头上可看说明。",
    columns: [
      { key: "no", header: "序号", width: 6, input: true },
      { key: "name", header: "申报单位", width: 22, input: true },
      { key: "code", header: "统一社会信用代码", width: 21, input: true },
      { key: "kind", header: "单位性质", width: 11, input: true, list: list(["中小微企业", "大型企业"], false) },
      { key: "registration", header: "质押登记号", width: 18, input: true },
      { key: "patent", header: "专利号", width: 19, input: true },
      { key: "amount", header: "融资金额（万元）", width: 14, input: true, numFmt: "#,##0.0000" },
      { key: "date", header: "登记日期", width: 11, input: true, date: true },
      CODE_VALID,
      {
        key: "award",
        header: "奖补金额（元）",
        width: 14,
        money: true,
        f: (r, L) => `IF(${L.name}${r}="","",IF(${L.amount}${r}="","请填写融资金额",PATENT.PLEDGE_AWARD(${L.amount}${r},"万元")))`,
        note:
          "=PATENT.PLEDGE_AWARD：本笔融资金额（万元）× 政策比例，四舍五入到分（§二(一)4）。单笔不超过单位上限；" +
          "同一单位多笔的合计在「单位封顶后」封顶。比例见「目标与参数」表。",
      },
      ...unitColumns("P4", "§二(一)4", "award"),
    ],
    samples: [
      { no: 1, name: "重庆某精密机械有限公司", code: "91500112MA5UA1234X", kind: "中小微企业", registration: "Y2024500000123", patent: "ZL202310777001.6", amount: 1234.5678, date: "2024-03-28" },
      { no: 2, name: "重庆某软件有限公司", code: "91500112MA5UB2345N", kind: "中小微企业", registration: "Y2024500000245", patent: "ZL202310777002.0", amount: 6000, date: "2024-05-14" },
      { no: 3, name: "重庆某软件有限公司", code: "91500112MA5UB2345N", kind: "中小微企业", registration: "Y2024500000388", patent: "ZL202330777003.6", amount: 5000, date: "2024-09-02" },
      { no: 4, name: "重庆某环保科技有限公司", code: "91500112MA5UC3456F", kind: "中小微企业", registration: "Y2024500000412", patent: "ZL202410112233.4", amount: 5000, date: "2024-06-17" },
    ],
  },
];

const letter = (n) => (n <= 26 ? String.fromCharCode(64 + n) : letter(Math.floor((n - 1) / 26)) + letter(((n - 1) % 26) + 1));

function header(cell, text, note) {
  cell.value = text;
  cell.font = { bold: true };
  cell.fill = HEADER_FILL;
  cell.alignment = { wrapText: true, vertical: "middle" };
  if (note) cell.note = note;
}

function itemSheet(wb, spec) {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: HEADER_ROW, xSplit: 2 }] });
  const L = {};
  spec.columns.forEach((c, i) => (L[c.key] = letter(i + 1)));
  const range = (key) => `${L[key]}${FIRST}:${L[key]}${LAST}`;

  ws.getCell(TITLE_ROW, 1).value = spec.title;
  ws.getCell(TITLE_ROW, 1).font = { bold: true, size: 14 };
  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, 10);
  ws.getCell(NOTE_ROW, 1).value = (spec.note ?? ONE_ROW_PER_PATENT) + PAID_ELSEWHERE;
  ws.getCell(NOTE_ROW, 1).font = { italic: true, color: { argb: "FF595959" } };
  ws.mergeCells(NOTE_ROW, 1, NOTE_ROW, 16);

  // The item's money: what is left of the budget is what the pro-rata column shares out.
  const block = [
    { label: "项目预算（元）", f: `PATENT.BUDGET("${spec.item}")`, note: `=PATENT.BUDGET：政策文件中本项目的预算（${spec.clause}）。` },
    {
      label: "已兑付（前批次）",
      f: paidSum([["item", `"${spec.item}"`]]),
      note:
        `=SUMIFS：「${PAID_SHEET}」表中本项目（${spec.item}）以前批次已兑付的金额之和（元），不要手工填写；第一批时该表为空，本格为 0。` +
        "本批可用预算 = 项目预算 − 本格（§四(三)）。一键平衡和命令行读同一张「已兑付」表。",
    },
    {
      label: "本批可用预算（元）",
      // Rounded to the fen: 400,000 − 365,333.33 is 34,666.669999… in binary, which would lose a fen.
      f: `ROUND(MAX(0,B${BLOCK_VALUE_ROW}-C${BLOCK_VALUE_ROW}),2)`,
      note:
        "项目预算 − 已兑付（前批次）：本批最多兑付的金额，「按比例兑付」列在其内分配（§四(三)）。" +
        "本模板不做项目间资金调剂：政策规定的可用资金为 项目预算 − 以前批次已兑付 + 调入 − 调出（§四(三)「可将剩余资金调剂分配到其他项目」），" +
        "调剂由一键平衡或命令行完成；不调剂时（--no-reallocate）与本格相同。",
    },
    { label: "奖补合计（元）", f: `SUM(${range("award")})`, note: `本表各行奖补金额之和，封顶前（${spec.clause}）。` },
    { label: "封顶后合计（元）", f: `SUM(${range("capped")})`, note: `本表各行封顶后之和：本批的兑付需求（${spec.clause} 单位上限之后）。` },
    { label: "按比例兑付合计（元）", f: `SUM(${range("proRata")})`, note: "本表各行按比例兑付之和：不超过本批可用预算（§四(三)）。" },
    {
      label: "兑付比例",
      f: `IF(F${BLOCK_VALUE_ROW}=0,"",MIN(1,D${BLOCK_VALUE_ROW}/F${BLOCK_VALUE_ROW}))`,
      fmt: "0.00%",
      note: "本批可用预算 ÷ 封顶后合计，最多 100%：需求超出预算时各单位按此比例兑付（§四(三)；显示取两位小数，计算用精确比例）。",
    },
  ];
  // The block starts in column B: B budget, C paid before, D left, E awards, F capped (the demand), G paid, H ratio.
  block.forEach((b, i) => {
    const col = i + 2;
    header(ws.getCell(BLOCK_LABEL_ROW, col), b.label, b.note);
    const cell = ws.getCell(BLOCK_VALUE_ROW, col);
    cell.value = { formula: stored(b.f) };
    cell.numFmt = b.fmt ?? MONEY;
  });

  spec.columns.forEach((c, i) => {
    const col = i + 1;
    const isFormula = !c.input;
    header(ws.getCell(HEADER_ROW, col), c.header, c.note);
    if (isFormula) ws.getCell(HEADER_ROW, col).fill = FORMULA_FILL;
    else ws.getCell(HEADER_ROW, col).fill = INPUT_FILL;
    ws.getColumn(col).width = c.width;
    for (let r = FIRST; r <= LAST; r++) {
      const cell = ws.getCell(r, col);
      if (c.f) cell.value = { formula: stored(c.f(r, L)) };
      if (c.money) cell.numFmt = MONEY;
      if (c.date) cell.numFmt = DATE;
      if (c.numFmt) cell.numFmt = c.numFmt;
      if (c.list) {
        cell.dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [`"${c.list.values.join(",")}"`],
          showErrorMessage: true,
          errorStyle: c.list.strict ? "stop" : "warning",
          errorTitle: c.header,
          error: c.list.strict
            ? `请从下拉列表中选择：${c.list.values.join("、")}`
            : `不在下拉列表中（${c.list.values.join("、")}）。确定要填写其他值吗？`,
        };
      }
    }
  });
  ws.getRow(HEADER_ROW).height = 32;

  spec.samples.forEach((s, i) => {
    const r = FIRST + i;
    spec.columns.forEach((c, j) => {
      if (!c.input) return;
      let v = s[c.key];
      if (v === undefined) return;
      if (c.date) v = new Date(`${v}T00:00:00Z`);
      ws.getCell(r, j + 1).value = v;
    });
  });

  // Pro rata over every data row, on what is left of the budget.
  const pr = L.proRata;
  ws.fillFormula(
    `${pr}${FIRST}:${pr}${LAST}`,
    stored(`PATENT.PRORATA(${range("capped")},$D$${BLOCK_VALUE_ROW})`),
    undefined,
    "array",
  );
  for (let r = FIRST; r <= LAST; r++) ws.getCell(`${pr}${r}`).numFmt = MONEY;
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: spec.columns.length } };
  printWide(ws, HEADER_ROW);
  return ws;
}

/**
 * 使用说明's one column, in characters: within a portrait A4 page at full size, also where Calibri is missing and a
 * wider type stands in (LibreOffice on a server: DejaVu Sans), whose characters Excel's width counts.
 */
const GUIDE_WIDTH = 70;
/** Points a line takes at each size of type (11 pt text, 12 pt headings, the 16 pt title). */
const LINE_POINTS = { text: 15, heading: 16.5, title: 22 };

/** Lines a text takes wrapped at GUIDE_WIDTH: a Chinese character is two columns; a tenth more for the type. */
function guideLines(text, size) {
  const columns = [...text].reduce((n, ch) => n + (ch.codePointAt(0) >= 0x2e80 ? 2 : 1), 0);
  return Math.max(1, Math.ceil((columns * 1.1 * size) / 11 / GUIDE_WIDTH));
}

/**
 * The first sheet: what the template is, #NAME? and how to load the add-in, WPS. It prints portrait, one page wide,
 * each line wrapped in its column and its row as tall as its lines (a file's row heights are kept as written: rows
 * left to the default would print their lines over one another).
 */
function instructions(wb) {
  const ws = wb.addWorksheet("使用说明", { properties: { tabColor: { argb: "FFC00000" } } });
  ws.getColumn(1).width = GUIDE_WIDTH;
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: "portrait",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: PAGE_FOOTER };
  const lines = [
    { text: "专利转化奖补台账模板（渝北市监〔2024〕12号）— 使用说明", style: "title" },
    { text: "一、这是什么", style: "heading" },
    "本工作簿是 P1–P4 四个绩效奖补项目的台账模板，每个项目一张表：P1、P2 每件专利一行，P3 每个产品备案一行，P4 每笔质押融资一行，与各单位报送的台账一致。同一单位可以占多行，单位上限按该单位各行的合计计算。",
    "黄色表头的列手工填写（专利类型、转化方式等可从下拉列表选择）；绿色表头的列是公式，鼠标停在表头上可以看到它算什么、依据哪一条。表中的示例行可以删除或覆盖；公式已预置到第 " + LAST + " 行。",
    "以前批次已兑付的金额只填在「已兑付」表：每笔兑付一行（奖补项目 P1–P4 从下拉列表选择、单位名称、统一社会信用代码、专利号/备案号/登记号、兑付金额（元））；第一批时该表留空。" +
      "「一键平衡」和命令行工具读的就是这张表（也可用 --prior 指定上一批的结果），据此扣减单位上限和项目预算；各项目表的「单位往期已兑付」列和「已兑付（前批次）」格由公式从这张表相加，不要手工填写，因此模板的公式与「一键平衡」扣减的是同样的金额。" +
      "「已兑付」表中有一行无法读取（项目不是 P1–P4、单位名称为空、金额不是数字、代码或专利号有误）时，「一键平衡」和命令行不做平衡并列出该行，请按「核对」列改正。",
    "每张表上方：项目预算（政策文件规定）、已兑付（前批次）（「已兑付」表中本项目的合计）、本批可用预算 = 项目预算 − 已兑付（前批次）。「按比例兑付」列在本批可用预算内按比例分配。",
    "本模板不做项目间资金调剂（§四(三)「可将剩余资金调剂分配到其他项目」）：本批可用预算不含调入、调出，「按比例兑付」与不调剂时（命令行 --no-reallocate）「一键平衡」的各项目兑付合计相同；调剂后的金额以「一键平衡」为准。",
    "本模板的公式便于逐行核对；资格审查、从高不重复、项目间资金调剂和公示名单由加载项的「一键平衡」（或命令行工具）完成，正式兑付以其结果为准。",
    { text: "二、单元格显示 #NAME? 是什么意思", style: "heading" },
    "表中以 =PATENT. 开头的公式（如 =PATENT.UNIT_CAP、=PATENT.PRORATA，中文 Excel 中显示为中文函数名）由「专利转化奖补」加载项提供。没有加载这个加载项时，Excel 不认识这些函数，单元格显示 #NAME?。",
    "这不是数据错误：填写的数据和公式都还在，加载项加载后即显示数值。不要删除或改写这些公式。",
    { text: "三、如何加载「专利转化奖补」加载项", style: "heading" },
    "加载项需要 Microsoft 365 或 Excel 2021（版本 2108 及以上）；Office 2016、2019 不能加载它，请用下面第四节的离线页面或命令。",
    "1. 单位已通过 Microsoft 365 管理中心（集成应用 / 集中部署）部署的：用单位的工作帐户登录 Office 后，「开始」选项卡上自动出现「专利转化奖补」组，无需自己安装。",
    "2. 试用（Excel 网页版或 Windows 版）：插入 → 加载项 → 上传我的加载项（新版为 开始 → 加载项 → 更多加载项 → 我的加载项 → 上传我的加载项），选择管理员提供的 manifest.xml。微软说明这种旁加载用于测试，正式使用请由管理员集中部署。",
    "加载后如果单元格仍显示 #NAME?，按 Ctrl+Alt+F9 让 Excel 重新计算全部公式。详细步骤见发布包中的《安装与使用》（安装与使用.html）。",
    { text: "四、WPS Office", style: "heading" },
    "WPS 不能运行 Office 加载项，=PATENT.… 公式在 WPS 中一直显示 #NAME?。WPS 用户请把台账另存为 .xlsx，用单位发布包（release）中的离线页面 patent-awards.html（浏览器直接打开，不联网）或命令计算：",
    "patent-awards.exe balance 台账.xlsx --out 结果.xlsx（装有 Node 的电脑：node patent-awards.cjs balance 台账.xlsx --out 结果.xlsx）",
    "结果.xlsx 中的输出列和汇总、公示名单等工作表都是普通单元格，WPS 可以正常打开、打印。",
    { text: "五、各工作表", style: "heading" },
    ...ITEMS.map((s) => `${s.name}：${s.title}`),
    `${PAID_SHEET}：以前批次已兑付的明细（示例为第一批的几笔兑付，可删除或覆盖），各项目表和「一键平衡」都从这里扣减单位上限和项目预算。`,
    "公示：各批次公示期的开始日期和截止日期（5 个工作日，按国家法定节假日和调休计算，§四(二)）。",
    "目标与参数：2025 年工作目标（§一）、各项目预算和单位上限、奖补标准，均由公式从政策文件读出。",
  ];
  lines.forEach((line, i) => {
    const cell = ws.getCell(i + 1, 1);
    const { text, style } = typeof line === "string" ? { text: line } : line;
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: "top" };
    const size = style === "title" ? 16 : style === "heading" ? 12 : 11;
    ws.getRow(i + 1).height = guideLines(text, size) * LINE_POINTS[style ?? "text"];
    if (style === "title") cell.font = { bold: true, size: 16 };
    if (style === "heading") cell.font = { bold: true, size: 12, color: { argb: "FF1F4E79" } };
    if (text.includes("#NAME?")) cell.font = { ...(cell.font ?? {}), color: { argb: "FFC00000" }, bold: style !== undefined };
  });
  return ws;
}

/** Writes one row: plain values, or { f: "PATENT…" } formulas with an optional format. */
function row(ws, r, cells) {
  cells.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1);
    if (c && typeof c === "object" && "f" in c) {
      cell.value = { formula: stored(c.f) };
      if (c.money) cell.numFmt = MONEY;
      if (c.date) cell.numFmt = DATE;
    } else {
      cell.value = c;
    }
  });
}

function simpleSheet(wb, name, title, headers, widths, note, notes = {}) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 3 }] });
  ws.getCell("A1").value = title;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell("A2").value = note;
  ws.getCell("A2").font = { italic: true, color: { argb: "FF595959" } };
  headers.forEach((h, i) => {
    header(ws.getRow(3).getCell(i + 1), h, notes[h]);
    ws.getColumn(i + 1).width = widths[i];
  });
  return ws;
}

/** Earlier payouts, as the balancer reads them (src/ledger/prior.ts): a sample of what batch 1 paid. */
const PAID_SAMPLES = [
  // 某研究院's cap left is 40,000 (its rows claim 46,000): capped across its rows; 重庆某大学 stays under its cap.
  ["P1", "某研究院", "12500000450402345F", "ZL202310456701.5", 10_000],
  ["P1", "重庆某大学", "12500000450401234E", "ZL202310456702.X", 4_000],
  ["P2", "重庆某生物科技有限公司", "91500112MA5U56789C", "", 46_000],
  ["P3", "重庆某食品有限公司", "91500112MA5U901235", "", 27_000],
  // P4 paid 650,000 before: 150,000 left for a demand of 274,691.36, so P4 is paid pro rata.
  ["P4", "重庆某环保科技有限公司", "91500112MA5UC3456F", "Y2023500000876", 150_000],
  ["P4", "重庆某汽车零部件有限公司", "91500112MA5UE56781", "Y2023500000511", 200_000],
  ["P4", "重庆某医疗器械有限公司", "91500112MA5UF6789R", "Y2023500000634", 180_000],
  ["P4", "重庆某物流有限公司", "91500112MA5UG7890K", "Y2023500000702", 120_000],
];

function paidSheet(wb) {
  const ws = wb.addWorksheet(PAID_SHEET, { views: [{ state: "frozen", ySplit: PAID_HEADER_ROW }] });
  const columns = [
    {
      key: "item",
      header: "奖补项目",
      width: 10,
      input: true,
      note: "从下拉列表选择 P1–P4（§二(一)1–4）。各项目表按 P1–P4 相加本表；一键平衡也读本列（还认 1–4 和项目名称，但模板只认 P1–P4）。",
    },
    { key: "name", header: "单位名称", width: 26, input: true, note: "获兑付单位的名称，与台账中的申报单位一致（§二(一)「同一单位奖补金额不超过…」按单位累计）。" },
    {
      key: "code",
      header: "统一社会信用代码",
      width: 21,
      input: true,
      note: "单位有代码时必须填写，与台账中的代码一致：各项目表按代码（没有代码时按单位名称）把本表的兑付计入单位，一键平衡也按代码识别单位（§二(一)1–4 单位上限）。代码有误时一键平衡不做平衡。",
    },
    {
      key: "ref",
      header: "专利号/备案号/登记号",
      width: 22,
      input: true,
      note: "这笔兑付所奖补的专利号（P1、P2）、产品备案号（P3）或质押登记号（P4），可不填。本批同一单位在同一项目再次申报同一专利（备案、登记）时，一键平衡按重复处理（§四(三)「从高不重复」）。",
    },
    {
      key: "amount",
      header: "兑付金额（元）",
      width: 16,
      input: true,
      money: true,
      note: "实际兑付的金额（元）。各项目表的「单位往期已兑付」和「已兑付（前批次）」由本列相加：扣减单位上限（§二(一)1–4）和本批可用预算（§四(三)）。",
    },
    {
      key: "check",
      header: "核对",
      width: 30,
      note:
        "本行能否被读取：奖补项目须为 P1–P4、单位名称不空、兑付金额为数字、统一社会信用代码（填写时）校验正确（=PATENT.CREDIT_CODE_VALID）。" +
        "有一行不能读取时一键平衡和命令行不做平衡并列出该行（跳过会使单位超过上限、项目超过预算，§二(一)、§四(三)）。",
      f: (r) => {
        const c = (k) => `${PAID[k]}${r}`;
        const blank = `AND(${["item", "name", "code", "ref", "amount"].map((k) => `${c(k)}=""`).join(",")})`;
        const known = `OR(${["P1", "P2", "P3", "P4"].map((p) => `${c("item")}="${p}"`).join(",")})`;
        const code = `IF(${c("code")}="","已计入",IF(PATENT.CREDIT_CODE_VALID(${c("code")}),"已计入","统一社会信用代码有误"))`;
        return (
          `IF(${blank},"",IF(NOT(${known}),"奖补项目应为 P1–P4",IF(${c("name")}="","请填写单位名称",` +
          `IF(NOT(ISNUMBER(${c("amount")})),"兑付金额应为数字（元）",${code}))))`
        );
      },
    },
  ];
  ws.getCell("A1").value = "已兑付：以前批次已兑付明细";
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell("A2").value =
    "每笔兑付一行，第一批时留空。各项目表的「单位往期已兑付」和「已兑付（前批次）」由公式从本表相加；「一键平衡」和命令行也读本表，扣减单位上限和项目预算。";
  ws.getCell("A2").font = { italic: true, color: { argb: "FF595959" } };
  columns.forEach((c, i) => {
    const col = i + 1;
    header(ws.getCell(PAID_HEADER_ROW, col), c.header, c.note);
    ws.getCell(PAID_HEADER_ROW, col).fill = c.input ? INPUT_FILL : FORMULA_FILL;
    ws.getColumn(col).width = c.width;
    for (let r = PAID_FIRST; r <= PAID_LAST; r++) {
      const cell = ws.getCell(r, col);
      if (c.f) cell.value = { formula: stored(c.f(r)) };
      if (c.money) cell.numFmt = MONEY;
      if (c.key === "item") {
        cell.dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: ['"P1,P2,P3,P4"'],
          showErrorMessage: true,
          errorStyle: "stop",
          errorTitle: c.header,
          error: "请从下拉列表中选择：P1、P2、P3、P4",
        };
      }
    }
  });
  PAID_SAMPLES.forEach((values, i) =>
    values.forEach((v, j) => {
      if (v !== "") ws.getCell(PAID_FIRST + i, j + 1).value = v;
    }),
  );
  ws.autoFilter = { from: { row: PAID_HEADER_ROW, column: 1 }, to: { row: PAID_HEADER_ROW, column: columns.length } };
  printWide(ws, PAID_HEADER_ROW);
  return ws;
}

function publicity(wb) {
  const ws = simpleSheet(
    wb,
    "公示",
    "公示期（§四(二)，按工作日计，含调休）",
    ["批次", "公示开始", "工作日数", "公示截止"],
    [10, 14, 10, 14],
    "公示截止为 Excel 日期，单元格设为日期格式",
    {
      公示截止:
        "=PATENT.PUBLICITY_END：从公示开始当天算起的第 N 个工作日（§四(二)「公示5个工作日」），按国家法定节假日和调休计算。",
    },
  );
  const starts = [
    ["第一批", new Date(Date.UTC(2024, 8, 27))],
    ["第二批", new Date(Date.UTC(2025, 0, 24))],
  ];
  starts.forEach(([batch, start], i) => {
    const r = 4 + i;
    row(ws, r, [batch, start, 5, { f: `PATENT.PUBLICITY_END(B${r},C${r})`, date: true }]);
    ws.getCell(`B${r}`).numFmt = DATE;
  });
}

function parameters(wb) {
  const ws = simpleSheet(wb, "目标与参数", "工作目标（§一）与政策参数", ["编号", "内容", "数值"], [10, 40, 18], "", {
    数值: "=PATENT.TARGET（工作目标，§一）、=PATENT.BUDGET（项目预算，§二）、=PATENT.CAP（单位上限，§二）、=PATENT.AWARD_RATE（奖补标准，§二(一)）：均从政策文件读出。",
  });
  row(ws, 2, ["政策", { f: "PATENT.POLICY_VERSION()" }]);
  ws.getCell("A2").note = "=PATENT.POLICY_VERSION：函数所用的政策文件（文号、编号、版本）。";
  let r = 4;
  for (let k = 1; k <= 10; k++, r++) row(ws, r, [`K${k}`, "目标值", { f: `PATENT.TARGET(A${r})` }]);
  const capped = ["P1", "P2", "P3", "P4", "P6", "P7"];
  for (const item of ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]) {
    row(ws, r++, [item, "项目预算（元）", { f: `PATENT.BUDGET(A${r - 1})`, money: true }]);
    if (capped.includes(item)) row(ws, r++, [item, "单位上限（元）", { f: `PATENT.CAP(A${r - 1})`, money: true }]);
  }
  const rates = [
    ["P1", "转让", "发明"],
    ["P1", "转让", "实用新型"],
    ["P1", "许可", ""],
    ["P1", "开放许可", ""],
    ["P2", "转让", "发明"],
    ["P2", "作价入股", "外观设计"],
    ["P2", "许可", ""],
    ["P3", "产品备案", ""],
    ["P4", "质押", ""],
  ];
  for (const [item, mode, type] of rates) {
    row(ws, r, [item, `奖补标准：${mode}${type ? `（${type}）` : ""}`, { f: `PATENT.AWARD_RATE(A${r},"${mode}","${type}")` }]);
    ws.getCell(`C${r}`).numFmt = item === "P4" ? "0.00%" : MONEY;
    r++;
  }
}

async function main() {
  const wb = new ExcelJS.Workbook();
  wb.creator = "patent-awards";
  wb.created = new Date(Date.UTC(2024, 0, 1));
  wb.modified = wb.created;
  // Excel has no cached values for the add-in's functions: compute everything when the file opens.
  wb.calcProperties.fullCalcOnLoad = true;
  instructions(wb);
  for (const spec of ITEMS) itemSheet(wb, spec);
  paidSheet(wb);
  publicity(wb);
  parameters(wb);
  await wb.xlsx.writeFile(OUT);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
