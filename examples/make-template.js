// Writes examples/template.xlsx: the workbook staff start from, one sheet per award item with the PATENT.*
// functions beside the data (award, cap, pro-rata column), plus publicity dates, targets and the policy's
// parameters. Run: node examples/make-template.js
//
// Excel saves an add-in's custom function as _xldudf_<NAMESPACE>_<NAME>(…) and shows it as NAMESPACE.NAME(…)
// when the add-in is loaded, so formulas are written here as PATENT.X(…) and stored in that form. The
// pro-rata column is an array formula over its rows, so every version of Excel fills the whole column.
const path = require("path");
const ExcelJS = require("exceljs");

const OUT = path.join(__dirname, "template.xlsx");
const MONEY = "#,##0.00";
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };

/** PATENT.X( → the form Excel stores in a file. */
const stored = (formula) => formula.replace(/PATENT\.([A-Z_]+)\(/g, "_xldudf_PATENT_$1(");

/** The per-unit cap is per unit, so a unit's claims in an item share one row (its count or amount summed). */
const ONE_ROW_PER_UNIT = "每个单位一行：同一单位的多笔申报请合并件数或金额（单位上限按单位计算）";

function sheet(wb, name, title, headers, widths, note = ONE_ROW_PER_UNIT) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 3 }] });
  ws.getCell("A1").value = title;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell("A2").value = note;
  ws.getCell("A2").font = { italic: true, color: { argb: "FF595959" } };
  const header = ws.getRow(3);
  headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: "middle" };
    ws.getColumn(i + 1).width = widths[i];
  });
  return ws;
}

/** Writes one row: plain values, or { f: "PATENT…" } formulas, or { money } for a 元 number. */
function row(ws, r, cells) {
  cells.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1);
    if (c && typeof c === "object" && "f" in c) {
      cell.value = { formula: stored(c.f) };
      if (c.money) cell.numFmt = MONEY;
      if (c.date) cell.numFmt = "yyyy-mm-dd";
    } else {
      cell.value = c;
    }
  });
}

function proRataColumn(ws, col, first, last, claimsCol, budgetFormula) {
  const range = `${col}${first}:${col}${last}`;
  ws.fillFormula(range, stored(`PATENT.PRORATA(${claimsCol}${first}:${claimsCol}${last},${budgetFormula})`), undefined, "array");
  for (let r = first; r <= last; r++) ws.getCell(`${col}${r}`).numFmt = MONEY;
}

function totals(ws, r, label, columns) {
  ws.getCell(r, 2).value = label;
  ws.getCell(r, 2).font = { bold: true };
  for (const col of columns) {
    ws.getCell(`${col}${r}`).value = { formula: `SUM(${col}4:${col}${r - 1})` };
    ws.getCell(`${col}${r}`).numFmt = MONEY;
    ws.getCell(`${col}${r}`).font = { bold: true };
  }
}

function p1(wb) {
  const ws = sheet(
    wb,
    "P1 高校院所输出",
    "P1 高校院所、国有企业输出专利技术（§二(一)1）",
    ["序号", "申报单位", "统一社会信用代码", "代码有效", "专利号", "专利号有效", "专利类型", "转化方式", "件数", "开放许可平台", "奖补金额（元）", "已兑付（元）", "封顶后（元）", "按比例兑付（元）"],
    [6, 24, 22, 9, 20, 10, 10, 10, 6, 26, 14, 12, 14, 16],
  );
  const data = [
    [1, "重庆某大学", "12500000450401234E", "ZL202310123456.6", "转让", 15, ""],
    [2, "重庆某理工学院", "52500112MA5U78901M", "ZL202320234567.X", "转让", 3, ""],
    [3, "某研究院", "12500000450402345F", "ZL202410456789.5", "开放许可", 1, "重庆知识产权运营中心"],
    [4, "某研究院", "12500000450402345F", "ZL202330345678.3", "开放许可", 1, "某技术交易网站"],
    [5, "某国有企业", "91500112MA5U123459", "ZL202220567891.9", "许可", 2, ""],
  ];
  data.forEach(([no, unit, code, patent, mode, count, platform], i) => {
    const r = 4 + i;
    row(ws, r, [
      no,
      unit,
      code,
      { f: `PATENT.CREDIT_CODE_VALID(C${r})` },
      patent,
      { f: `PATENT.PATENT_VALID(E${r})` },
      { f: `PATENT.PATENT_TYPE(E${r})` },
      mode,
      count,
      platform,
      {
        f: `IF(H${r}="转让",PATENT.AWARD_TRANSFER(G${r},I${r},"P1"),IF(H${r}="开放许可",PATENT.AWARD_OPEN_LICENSE(I${r},J${r}),PATENT.AWARD_LICENSE(I${r},"P1")))`,
        money: true,
      },
      0,
      { f: `PATENT.UNIT_CAP("P1",K${r},L${r})`, money: true },
    ]);
  });
  proRataColumn(ws, "N", 4, 3 + data.length, "M", `PATENT.BUDGET("P1")`);
  totals(ws, 4 + data.length, "合计", ["K", "M", "N"]);
}

function p2(wb) {
  const ws = sheet(
    wb,
    "P2 中小微企业受让",
    "P2 中小微企业接受高校院所、国有企业专利转让许可（§二(一)2）",
    ["序号", "申报单位", "统一社会信用代码", "代码有效", "专利号", "专利类型", "转化方式", "件数", "奖补金额（元）", "已兑付（元）", "封顶后（元）", "按比例兑付（元）"],
    [6, 24, 22, 9, 20, 10, 10, 6, 14, 12, 14, 16],
  );
  const data = [
    [1, "重庆某科技有限公司", "91500112MA5U234562", "ZL202310678912.3", "转让", 1, 0],
    [2, "重庆某智能制造有限公司", "91500112MA5U34567T", "ZL202320789123.2", "作价入股", 1, 0],
    [3, "重庆某新材料有限公司", "91500112MA5U45678K", "ZL202210891234.4", "许可", 3, 0],
    [4, "重庆某生物科技有限公司", "91500112MA5U56789C", "ZL202330912345.4", "转让", 2, 46_000],
  ];
  data.forEach(([no, unit, code, patent, mode, count, paid], i) => {
    const r = 4 + i;
    row(ws, r, [
      no,
      unit,
      code,
      { f: `PATENT.CREDIT_CODE_VALID(C${r})` },
      patent,
      { f: `PATENT.PATENT_TYPE(E${r})` },
      mode,
      count,
      { f: `IF(G${r}="许可",PATENT.AWARD_LICENSE(H${r},"P2"),PATENT.AWARD_TRANSFER(F${r},H${r},"P2"))`, money: true },
      paid,
      { f: `PATENT.UNIT_CAP("P2",I${r},J${r})`, money: true },
    ]);
  });
  proRataColumn(ws, "L", 4, 3 + data.length, "K", `PATENT.BUDGET("P2")`);
  totals(ws, 4 + data.length, "合计", ["I", "K", "L"]);
}

function p3(wb) {
  const ws = sheet(
    wb,
    "P3 产品备案",
    "P3 中小微企业开展专利产品备案（§二(一)3）",
    ["序号", "申报单位", "统一社会信用代码", "备案件数", "奖补金额（元）", "已兑付（元）", "封顶后（元）", "按比例兑付（元）"],
    [6, 24, 22, 10, 14, 12, 14, 16],
  );
  const data = [
    [1, "重庆某电子有限公司", "91500112MA5U678906", 4, 0],
    [2, "重庆某装备有限公司", "91500112MA5U89012L", 35, 0],
    [3, "重庆某食品有限公司", "91500112MA5U901235", 6, 27_000],
  ];
  data.forEach(([no, unit, code, count, paid], i) => {
    const r = 4 + i;
    row(ws, r, [
      no,
      unit,
      code,
      count,
      { f: `PATENT.PRODUCT_FILING_AWARD(D${r})`, money: true },
      paid,
      { f: `PATENT.UNIT_CAP("P3",E${r},F${r})`, money: true },
    ]);
  });
  proRataColumn(ws, "H", 4, 3 + data.length, "G", `PATENT.BUDGET("P3")`);
  totals(ws, 4 + data.length, "合计", ["E", "G", "H"]);
}

function p4(wb) {
  const ws = sheet(
    wb,
    "P4 质押融资",
    "P4 中小微企业开展专利质押融资（§二(一)4）",
    ["序号", "申报单位", "统一社会信用代码", "融资金额（万元）", "已兑付（元）", "奖补金额（元）", "按比例兑付（元）"],
    [6, 24, 22, 16, 12, 14, 16],
  );
  const data = [
    [1, "重庆某精密机械有限公司", "91500112MA5UA1234X", 1234.5678, 0],
    [2, "重庆某软件有限公司", "91500112MA5U234562", 12_000, 0],
    [3, "重庆某环保科技有限公司", "91500112MA5U34567T", 5000, 150_000],
  ];
  data.forEach(([no, unit, code, amount, paid], i) => {
    const r = 4 + i;
    row(ws, r, [no, unit, code, amount, paid, { f: `PATENT.PLEDGE_AWARD(D${r},"万元",E${r})`, money: true }]);
  });
  proRataColumn(ws, "G", 4, 3 + data.length, "F", `PATENT.BUDGET("P4")`);
  totals(ws, 4 + data.length, "合计", ["F", "G"]);
}

function publicity(wb) {
  const ws = sheet(wb, "公示", "公示期（§四(二)，按工作日计，含调休）", ["批次", "公示开始", "工作日数", "公示截止"], [10, 14, 10, 14], "公示截止为 Excel 日期，单元格设为日期格式");
  const starts = [
    ["第一批", new Date(Date.UTC(2024, 8, 27))],
    ["第二批", new Date(Date.UTC(2025, 0, 24))],
  ];
  starts.forEach(([batch, start], i) => {
    const r = 4 + i;
    row(ws, r, [batch, start, 5, { f: `PATENT.PUBLICITY_END(B${r},C${r})`, date: true }]);
    ws.getCell(`B${r}`).numFmt = "yyyy-mm-dd";
  });
}

function parameters(wb) {
  const ws = sheet(wb, "目标与参数", "工作目标（§一）与政策参数", ["编号", "内容", "数值"], [10, 40, 18], "");
  row(ws, 2, ["政策", { f: "PATENT.POLICY_VERSION()" }]);
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
    ["P2", "作价入股", "外观设计"],
    ["P3", "产品备案", ""],
    ["P4", "质押", ""],
  ];
  for (const [item, mode, type] of rates) {
    row(ws, r, [item, `奖补标准：${mode}${type ? `（${type}）` : ""}`, { f: `PATENT.RATE(A${r},"${mode}","${type}")` }]);
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
  p1(wb);
  p2(wb);
  p3(wb);
  p4(wb);
  publicity(wb);
  parameters(wb);
  await wb.xlsx.writeFile(OUT);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
