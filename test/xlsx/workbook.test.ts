/**
 * workbook.xml as the result writes it (src/xlsx/workbook.ts): an earlier run's sheet removed and the new one added at
 * the end, every sheet's index moved with it — the clerk's print area still names the clerk's sheet.
 */
import type { LedgerOutput, Table } from "../../src/report";
import { editWorkbook } from "../../src/xlsx/workbook";

const WORKBOOK =
  `<workbook xmlns="m" xmlns:r="r"><bookViews><workbookView activeTab="2" firstSheet="2"/></bookViews><sheets>` +
  `<sheet name="台账" sheetId="1" r:id="rId1"/><sheet name="汇总" sheetId="2" r:id="rId2"/>` +
  `<sheet name="备注" sheetId="5" r:id="rId3"/></sheets><definedNames>` +
  `<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;台账&apos;!$A1:$C9</definedName>` +
  `<definedName name="_xlnm.Print_Area" localSheetId="1">&apos;汇总&apos;!$A$1:$L$9</definedName>` +
  `<definedName name="_xlnm.Print_Area" localSheetId="2">备注!$A1:$B4</definedName>` +
  `<definedName name="名单">&apos;台账&apos;!$A$3:$A$9</definedName></definedNames><calcPr calcId="1"/></workbook>`;

const summary: Table = {
  sheet: "汇总",
  title: ["标题"],
  columns: [
    { header: "项目", width: 10 },
    { header: "金额", width: 12, numFmt: "#,##0.00" },
  ],
  rows: [
    ["P1", 1],
    ["P2", 2],
  ],
  freezeRows: 1,
  page: { landscape: false, footer: "&P" },
  charts: [],
};
const ledger: LedgerOutput = {
  sheet: "台账",
  headerRow: 2,
  startColumn: 3,
  columns: [{ header: "兑付", width: 9 }],
  rows: [{ row: 3, values: [1] }],
};

test("the earlier 汇总 goes, the new one comes last, and every index follows its sheet", () => {
  const xml = editWorkbook(WORKBOOK, new Set(["汇总"]), [{ table: summary, id: "rId9" }], [ledger]);
  expect([...xml.matchAll(/<sheet name="([^"]*)" sheetId="(\d+)"/g)].map((m) => [m[1], m[2]])).toEqual([
    ["台账", "1"],
    ["备注", "5"],
    ["汇总", "6"],
  ]);
  expect(xml).toContain(`<workbookView activeTab="1" firstSheet="1"/>`);
  const names = [...xml.matchAll(/<definedName ([^>]*)>([^<]*)</g)].map((m) => `${m[1]} ${m[2]}`);
  expect(names).toEqual([
    // The clerk's ledger print area widened to the output column D, made absolute.
    `name="_xlnm.Print_Area" localSheetId="0" &apos;台账&apos;!$A$1:$D$9`,
    `name="_xlnm.Print_Area" localSheetId="1" 备注!$A$1:$B$4`,
    `name="名单" &apos;台账&apos;!$A$3:$A$9`,
    `name="_xlnm.Print_Area" localSheetId="2" '汇总'!$A$1:$B$4`,
    `name="_xlnm.Print_Titles" localSheetId="2" '汇总'!$1:$2`,
  ]);
  expect(xml.indexOf("</definedNames>")).toBeLessThan(xml.indexOf("<calcPr"));
});
