/**
 * The sample ledger's required headers, each with a typo a clerk might make: a header no field recognises, one edit
 * away from the name it should have (issue 15 item 6: `企业名陈` for 企业名称, `融资全额（万元）` for 融资金额（万元）).
 */
import path from "path";
import ExcelJS from "exceljs";
import type { FieldId, PerformanceItemId } from "../../src/engine/types";
import type { Grid } from "../../src/ledger";

export const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");

export interface Typo {
  field: FieldId;
  /** The header's column and what it says in the sample, and the typo put in its place. */
  column: string;
  header: string;
  typo: string;
}

/** Per item, its sample sheet, the header row (1-based) and a typo for each required column. */
export const SAMPLE_TYPOS: Record<PerformanceItemId, { sheet: string; headerRow: number; typos: Typo[] }> = {
  P1: {
    sheet: "高校院所输出专利",
    headerRow: 3,
    typos: [
      { field: "claimantName", column: "B", header: "申报单位", typo: "申报单为" },
      { field: "patentNumber", column: "F", header: "专利号", typo: "专利亏" },
      { field: "mode", column: "H", header: "转化方式", typo: "转化方试" },
      { field: "counterpartyKind", column: "K", header: "受让方企业规模", typo: "受让方企业规摸" },
      { field: "recordDate", column: "N", header: "备案/登记日期", typo: "备案/登记曰期" },
    ],
  },
  P2: {
    sheet: "中小微企业受让专利",
    headerRow: 3,
    typos: [
      { field: "claimantName", column: "B", header: "企业名称", typo: "企业名陈" },
      { field: "counterpartyKind", column: "G", header: "转让方性质", typo: "转让方姓质" },
      { field: "patentNumber", column: "I", header: "专利申请号", typo: "专利申靖号" },
      { field: "mode", column: "K", header: "交易方式", typo: "交易方武" },
      { field: "recordDate", column: "N", header: "登记日期", typo: "登记曰期" },
    ],
  },
  P3: {
    sheet: "专利产品备案",
    headerRow: 3,
    typos: [
      { field: "claimantName", column: "B", header: "申报主体", typo: "申报主休" },
      { field: "recordDate", column: "I", header: "备案日期", typo: "备案日朝" },
    ],
  },
  P4: {
    sheet: "专利质押融资",
    headerRow: 3,
    typos: [
      { field: "claimantName", column: "B", header: "申请单位", typo: "申请单住" },
      { field: "pledgeAmount", column: "G", header: "融资金额（万元）", typo: "融资全额（万元）" },
      { field: "recordDate", column: "H", header: "生效日期", typo: "生效曰期" },
    ],
  },
};

const columnNumber = (letter: string) => letter.charCodeAt(0) - 64;

/** The grids with these typos in a sheet's header (the grids given are not changed). */
export function withTypos(grids: Grid[], sheet: string, headerRow: number, typos: Typo[]): Grid[] {
  return grids.map((g) => {
    if (g.name !== sheet) return g;
    const cells = g.cells.map((row) => [...(row ?? [])]);
    for (const t of typos) {
      expect(cells[headerRow - 1][columnNumber(t.column) - 1]).toBe(t.header);
      cells[headerRow - 1][columnNumber(t.column) - 1] = t.typo;
    }
    return { ...g, cells };
  });
}

/** The sample ledger as a file with these typos in a sheet's header. */
export async function sampleWithTypos(file: string, sheet: string, headerRow: number, typos: Typo[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const ws = wb.getWorksheet(sheet)!;
  const headers = ws.getRow(headerRow).values as unknown[];
  for (const t of typos) {
    expect(headers[columnNumber(t.column)]).toBe(t.header);
    ws.getCell(`${t.column}${headerRow}`).value = t.typo;
  }
  await wb.xlsx.writeFile(file);
}
