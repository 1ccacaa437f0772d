/**
 * The command's --json written in pieces (issue 19, 1,000,000 rows): the file a user opens is byte for byte the
 * `JSON.stringify(…, null, 2)` it was, and no piece holds the whole.
 */
import { jsonPieces } from "../../src/cli/jsonPieces";
import { MadeAsWritten } from "../../src/report/json";

const joined = (value: Record<string, unknown>) => Buffer.concat([...jsonPieces(value)]).toString("utf8");
const whole = (value: Record<string, unknown>) => `${JSON.stringify(value, null, 2)}\n`;

describe("jsonPieces", () => {
  test("the same text as JSON.stringify with two spaces, whatever the members", () => {
    const value = {
      policy: { id: "渝北市监〔2024〕12号", version: 2, notice: null },
      skipped: undefined,
      empty: [],
      none: {},
      items: [{ id: "P1", budget: "800000.00", nested: [1, [2, { a: "b" }], []] }, "文字\n第二行", 3, null],
      rows: [{ sheet: "中小微企业受让专利", row: 3, reasons: ["未达门槛", "…\u2028\ud800"], note: undefined }],
      when: new Date(0),
      flag: false,
    };
    expect(joined(value)).toBe(whole(value));
    expect(joined({})).toBe(whole({}));
    expect(joined({ only: [] })).toBe(whole({ only: [] }));
  });

  test("a result of 20,000 rows comes in pieces of about a megabyte that join to the whole", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      sheet: "专利质押融资",
      row: i + 3,
      claimant: `重庆测试${i}号科技有限公司`,
      paid: `${i}.00`,
      reasons: i % 2 ? ["单位封顶"] : [],
    }));
    const value = { totals: { rows: rows.length }, rows };
    const pieces = [...jsonPieces(value)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4 << 20);
    expect(JSON.parse(Buffer.concat(pieces).toString("utf8"))).toEqual(value);
    expect(Buffer.concat(pieces).toString("utf8")).toBe(whole(value));
  });

  test("a list made as it is written: the text of the whole, each row made once and only when its piece is asked for", () => {
    let made = 0;
    const rows = MadeAsWritten.of(
      Array.from({ length: 30_000 }, (_, i) => i),
      (i) => (made++, { row: i + 2, claimant: `重庆测试${i}号科技有限公司`, reasons: [] }),
    ).then([{ row: 1, status: "earlier" }]);
    const value = { rows, empty: MadeAsWritten.of([], (i) => i), after: 1 };
    const pieces = jsonPieces(value);
    const first = pieces.next().value as Uint8Array;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(30_000);
    const text = Buffer.concat([first, ...pieces]).toString("utf8");
    expect(made).toBe(30_000);
    expect(JSON.parse(text).rows).toHaveLength(30_001);
    expect(text).toBe(whole(value));
  });

  test("no bidi control written, wherever it is; the rest as JSON.stringify writes it and the value untouched", () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ row: i + 3, claimant: `单位${i}`, note: "“引号”…" }));
    rows[4_321].claimant = "\u202e乙公司\u202c";
    const value = { notes: ["\u2067甲"], rows, inputs: { "a\u200f": "1" }, tail: "\u061c" };
    const text = joined(value);
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const cleanRows = rows.map((r, i) => (i === 4_321 ? { ...r, claimant: "乙公司" } : r));
    expect(text).toBe(whole({ notes: ["甲"], rows: cleanRows, inputs: { a: "1" }, tail: "" }));
    expect(rows[4_321].claimant).toBe("\u202e乙公司\u202c");
  });
});
