/**
 * Every header name this product recognises, in one table: the ledger's fields (LEDGER.md "Fields"), earlier
 * payouts (LEDGER.md "Earlier payouts"), the support projects' plan and indicators, and the move columns of a
 * summary a clerk kept. Names are in normalised form (no spaces, half-width, no bracketed unit).
 */
import type { FieldId } from "../engine/types";

/** Header names per field, in normalised form (no spaces, half-width, no bracketed unit). */
export const FIELD_HEADERS: Record<FieldId, string[]> = {
  rowId: ["序号", "编号", "No.", "No"],
  item: ["奖补项目", "项目类别", "申报项目", "奖补类别"],
  claimantName: ["申报单位", "单位名称", "企业名称", "申请单位", "申报主体"],
  claimantCode: ["统一社会信用代码", "信用代码", "社会信用代码"],
  claimantKind: ["单位性质", "单位类型", "主体类型", "企业规模", "企业类型", "企业性质", "单位属性"],
  claimantDistrict: ["所在区县", "所在区", "注册地", "所属区域", "所在地", "所属区县"],
  counterpartyName: ["受让方", "被许可方", "转让方", "许可方", "受让方/被许可方", "转让方/许可方", "交易对方"],
  counterpartyKind: ["受让方性质", "转让方性质", "对方单位性质", "受让方企业规模", "对方类型"],
  counterpartyDistrict: ["受让方所在区", "转让方所在地", "对方所在区县"],
  patentNumber: ["专利号", "申请号", "专利申请号", "专利号/申请号"],
  patentType: ["专利类型", "类型"],
  mode: ["转化方式", "交易方式", "转让许可方式", "方式", "转化类型", "交易类型"],
  recordDate: ["备案日期", "登记日期", "变更日期", "备案/登记日期", "生效日期", "备案时间", "登记时间"],
  count: ["件数", "数量", "专利数量"],
  platform: ["开放许可平台", "平台"],
  contractAmount: ["合同金额", "许可金额", "交易金额"],
  pledgeAmount: ["质押融资金额", "融资金额", "贷款金额"],
  pledgeRegistration: ["质押登记号", "登记号", "登记编号", "质押登记编号"],
  productFilingNo: ["产品备案号", "备案号", "备案编号"],
  productName: ["产品名称"],
  otherFiscalSupport: ["是否获得其他财政资金支持", "已获其他财政资金支持", "其他财政支持", "其他财政资金支持"],
  batch: ["批次"],
  // §四(四): a unit found to have claimed falsely is barred from later claims.
  barred: ["是否失信", "失信", "拒绝资助", "黑名单", "取消资格"],
};

/** 已兑付 columns beside the ledger's claimant name and code. */
export const PRIOR_HEADERS = {
  item: ["项目", "项目编号", "项目名称"],
  /** Most telling first: a sheet with both 奖补金额 and 兑付金额 paid the latter. */
  amount: ["兑付金额", "已兑付金额", "实际兑付金额", "奖补金额", "金额"],
  /** What a payout was for; `专利号/备案号/登记号` holds any of them, and the row's item says which. */
  reference: new Set(["专利号", "申请号", "专利申请号", "备案号", "产品备案号", "备案编号", "登记号", "质押登记号"]),
  /** What happened after publicity: 撤销 / 未兑付 / 追缴 (LEDGER.md "A result as earlier payouts"). */
  status: ["状态", "兑付状态"],
  note: ["说明", "备注", "原因"],
  /** 累计已兑付's 来源: the ledger row (Sheet!row) a payout paid. */
  origin: ["来源"],
};

/** Support projects (§二(二)): the funding plan (资金计划) and the indicators reported (绩效指标). */
export const SUPPORT_HEADERS = {
  item: ["项目", "项目编号", "项目名称", "支持项目", "项目类别"],
  unit: ["承担单位", "承担单位名称", "单位名称", "申报单位", "单位"],
  amount: ["支持金额", "资助金额", "金额", "计划金额", "计划资助金额", "支持资金", "资助资金"],
  task: ["指标", "绩效指标", "指标名称", "指标编号", "考核指标", "任务", "任务指标"],
  value: ["完成值", "完成情况", "实际完成", "实际完成值", "完成数", "实际值"],
};

/** A summary of earlier moves kept by hand, beside this product's own 汇总 headers (src/ledger/layouts.ts). */
export const MOVE_HEADERS_OF_CLERKS = { item: ["项目", "编号"], received: ["调入"], released: ["调出"] };
