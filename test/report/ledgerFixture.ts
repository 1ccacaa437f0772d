/** A small P2 ledger as a grid, with valid codes and numbers, for the report and xlsx tests. */
import { creditCodeCheckChar } from "../../src/engine/creditCode";
import { patentCheckChar } from "../../src/engine/patentNumber";
import type { CellValue } from "../../src/engine/types";
import type { Grid } from "../../src/ledger";

export function creditCode(serial: number): string {
  const first17 = `91500112MA${String(serial).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

export function patent(typeDigit: 1 | 2 | 3, serial: number): string {
  const digits = `2022${typeDigit}${String(serial).padStart(7, "0")}`;
  return `ZL${digits}.${patentCheckChar(digits)}`;
}

/** A unit name a spreadsheet would take for a formula if it were written as one. */
export const FORMULA_LIKE_NAME = '=HYPERLINK("http://example.invalid","重庆某某科技有限公司")';

export const HEADERS = [
  "序号",
  "企业名称",
  "统一社会信用代码",
  "企业规模",
  "所在区",
  "转让方",
  "转让方性质",
  "转让方所在地",
  "专利号",
  "专利类型",
  "转化方式",
  "件数",
  "登记日期",
];

function row(
  n: number,
  name: string,
  code: string,
  counterpartyKind: string,
  number: string,
  type: string,
  mode: string,
) {
  return [
    n,
    name,
    code,
    "小型",
    "渝北区",
    "重庆大学",
    counterpartyKind,
    "沙坪坝区",
    number,
    type,
    mode,
    1,
    "2024-05-06",
  ];
}

/** Title in row 1, header in row 2, six claims, a 合计 row. */
export function p2Grid(): Grid {
  const cells: CellValue[][] = [
    ["中小微企业接受高校院所专利转让许可奖补申报表"],
    HEADERS,
    row(1, "重庆甲科技有限公司", creditCode(1), "高校", patent(1, 1), "发明", "转让"),
    row(2, "重庆甲科技有限公司", creditCode(1), "高校", patent(2, 2), "实用新型", "许可"),
    row(3, "重庆乙科技有限公司", creditCode(2), "高校", patent(1, 3), "发明", "转让"),
    row(4, FORMULA_LIKE_NAME, creditCode(3), "科研院所", patent(2, 4), "实用新型", "许可"),
    row(5, "+86 重庆丙科技有限公司", creditCode(4), "大型企业", patent(1, 5), "发明", "转让"),
    row(6, "@重庆丁科技有限公司", creditCode(5), "高校", patent(1, 6), "发明", "转让"),
    ["合计"],
  ];
  return { name: "中小微企业受让专利", cells };
}
