/**
 * The command's --json written in pieces (issue 19, 1,000,000 rows): the file a user opens is byte for byte the
 * `JSON.stringify(…, null, 2)` it was, and no piece holds the whole.
 */
import { jsonPieces } from "../../src/cli/jsonPieces";

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
      rows: [{ sheet: "中小微企业受让专利", row: 3, reasons: ["未达门槛", "\u202e"], note: undefined }],
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
});
