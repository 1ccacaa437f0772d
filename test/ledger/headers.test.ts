import type { FieldId } from "../../src/engine/types";
import { FIELD_HEADERS, OUTPUT_HEADERS, mapHeaderRow, matchField, normaliseHeader } from "../../src/ledger";

const fieldOf = (header: string) => matchField(normaliseHeader(header).key);

describe("normaliseHeader", () => {
  it.each([
    ["融资金额（万元）", "融资金额", "wan"],
    ["融资金额(万元)", "融资金额", "wan"],
    ["合同金额（元）", "合同金额", "yuan"],
    ["贷款金额【单位：万元】", "贷款金额", "wan"],
    ["融资金额/万元", "融资金额", "wan"],
    ["专利号（多个用、分隔）", "专利号", undefined],
    ["申 报\n单 位", "申报单位", undefined],
    ["申报\u3000单位\r\n", "申报单位", undefined],
    ["统一社会信用代码（18位）", "统一社会信用代码", undefined],
    ["ＮＯ．", "NO.", undefined],
  ])("%j → key %s, unit %s", (text, key, unit) => {
    expect(normaliseHeader(text)).toEqual(unit ? { key, unit } : { key });
  });

  it("gives an empty key for cells that are not text", () => {
    expect(normaliseHeader(null)).toEqual({ key: "" });
    expect(normaliseHeader(new Date(0))).toEqual({ key: "" });
    expect(normaliseHeader(2024)).toEqual({ key: "2024" });
  });
});

describe("matchField", () => {
  it("knows every header name of LEDGER.md's Fields table by exact match", () => {
    const table: [FieldId, string[]][] = [
      ["rowId", ["序号", "编号", "No."]],
      ["claimantName", ["申报单位", "单位名称", "企业名称", "申请单位", "申报主体"]],
      ["claimantCode", ["统一社会信用代码", "信用代码", "社会信用代码"]],
      ["claimantKind", ["单位性质", "单位类型", "主体类型", "企业规模"]],
      ["claimantDistrict", ["所在区县", "所在区", "注册地", "所属区域"]],
      ["counterpartyName", ["受让方", "被许可方", "转让方", "许可方", "受让方/被许可方", "转让方/许可方", "交易对方"]],
      ["counterpartyKind", ["受让方性质", "转让方性质", "对方单位性质", "受让方企业规模", "对方类型"]],
      ["counterpartyDistrict", ["受让方所在区", "转让方所在地", "对方所在区县"]],
      ["patentNumber", ["专利号", "申请号", "专利申请号", "专利号/申请号"]],
      ["patentType", ["专利类型", "类型"]],
      ["mode", ["转化方式", "交易方式", "转让许可方式", "方式"]],
      ["recordDate", ["备案日期", "登记日期", "变更日期", "备案/登记日期", "生效日期"]],
      ["count", ["件数", "数量", "专利数量"]],
      ["platform", ["开放许可平台", "平台"]],
      ["contractAmount", ["合同金额", "许可金额", "交易金额"]],
      ["pledgeAmount", ["质押融资金额", "融资金额", "贷款金额"]],
      ["pledgeRegistration", ["质押登记号", "登记号"]],
      ["productFilingNo", ["产品备案号", "备案号", "备案编号"]],
      ["productName", ["产品名称"]],
      ["otherFiscalSupport", ["是否获得其他财政资金支持", "已获其他财政资金支持", "其他财政支持"]],
      ["batch", ["批次"]],
      ["item", ["奖补项目", "项目类别", "申报项目"]],
    ];
    for (const [field, names] of table) {
      for (const name of names) {
        expect([name, fieldOf(name)]).toEqual([name, field]);
        expect(FIELD_HEADERS[field]).toContain(name);
      }
    }
  });

  it.each<[string, FieldId | undefined]>([
    // 备案号 vs 备案日期 vs 许可备案
    ["产品备案编号", "productFilingNo"],
    ["许可合同备案日期", "recordDate"],
    ["许可备案号", undefined],
    ["许可备案", undefined],
    ["产品备案日期", "recordDate"],
    // 类型 vs 单位类型 vs 专利类型
    ["申报单位类型", "claimantKind"],
    ["专利类型（发明/实用新型/外观设计）", "patentType"],
    ["机构类型", undefined],
    // 受让方 vs 受让方性质 vs 受让方所在区
    ["受让方/被许可方名称", "counterpartyName"],
    ["受让方名称", "counterpartyName"],
    ["受让方单位性质", "counterpartyKind"],
    ["受让方类型", "counterpartyKind"],
    ["被许可方所在区县", "counterpartyDistrict"],
    ["许可方性质", "counterpartyKind"],
    ["受让单位名称", "counterpartyName"],
    ["受让方统一社会信用代码", undefined],
    ["转让方联系人", undefined],
    // 登记号 vs 登记日期
    ["质押登记编号", "pledgeRegistration"],
    ["质押登记日期", "recordDate"],
    ["转让登记日期", "recordDate"],
    // 平台 vs 开放许可平台
    ["开放许可平台名称", "platform"],
    ["许可平台", "platform"],
    // head-final: the last words decide
    ["许可方式", "mode"],
    ["转让方式", "mode"],
    ["申报单位名称", "claimantName"],
    ["申报单位统一社会信用代码", "claimantCode"],
    ["申报单位所在区县", "claimantDistrict"],
    ["专利件数", "count"],
    ["是否已获得其他财政资金支持", "otherFiscalSupport"],
    ["许可合同金额", "contractAmount"],
    ["申报批次", "batch"],
    // §四(四) barred units
    ["是否列入失信名单", "barred"],
    ["是否拒绝资助", "barred"],
    ["是否取消资格", "barred"],
    ["黑名单", "barred"],
    // unrelated columns
    ["联系人", undefined],
    ["联系电话", undefined],
    ["备注", undefined],
    ["Notes", undefined],
    ["", undefined],
  ])("%s → %s", (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it("is not fooled by case or width in English headers", () => {
    expect(fieldOf("no.")).toBe("rowId");
    expect(fieldOf("ＮＯ")).toBe("rowId");
  });
});

describe("mapHeaderRow", () => {
  it("maps each column to one field, the first column winning, the rest reported as ignored", () => {
    const m = mapHeaderRow(["序号", "申报单位", "企业名称", null, "专利号", "联系人", "融资金额（万元）"]);
    expect(m.columns.rowId).toEqual({ column: "A", index: 0, header: "序号" });
    expect(m.columns.claimantName).toEqual({ column: "B", index: 1, header: "申报单位" });
    expect(m.columns.pledgeAmount).toEqual({ column: "G", index: 6, header: "融资金额（万元）", unit: "wan" });
    expect(m.ignored).toEqual([
      { column: "C", header: "企业名称" },
      { column: "F", header: "联系人" },
    ]);
    expect(m.output).toBeUndefined();
  });

  it("keeps the header as written, line breaks as spaces", () => {
    const m = mapHeaderRow(["申报\n单位"]);
    expect(m.columns.claimantName?.header).toBe("申报 单位");
  });

  it("skips an earlier run's output columns, in either language", () => {
    const zh = mapHeaderRow(["申报单位", "专利号", ...OUTPUT_HEADERS.zh]);
    expect(zh.output).toEqual({ start: 2, end: 8 });
    expect(zh.ignored).toEqual([]);
    const en = mapHeaderRow(["申报单位", "备注", ...OUTPUT_HEADERS.en, "联系人"]);
    expect(en.output).toEqual({ start: 2, end: 8 });
    expect(en.ignored).toEqual([
      { column: "B", header: "备注" },
      { column: "I", header: "联系人" },
    ]);
  });

  it("does not take a ledger's own lone 状态 or 奖补金额 column for output", () => {
    const m = mapHeaderRow(["申报单位", "状态", "专利号", "奖补金额（元）"]);
    expect(m.output).toBeUndefined();
    expect(m.ignored.map((c) => c.column)).toEqual(["B", "D"]);
  });

  it("has exactly the output headers the report writer uses", () => {
    expect(OUTPUT_HEADERS).toEqual({
      zh: ["奖补金额(元)", "封顶后(元)", "比例", "兑付金额(元)", "状态", "原因"],
      en: ["Award (CNY)", "After cap (CNY)", "Factor", "Payout (CNY)", "Status", "Reason"],
    });
  });
});
