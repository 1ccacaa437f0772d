import Decimal from "decimal.js";
import fc from "fast-check";
import type { CellValue } from "../../src/engine/types";
import {
  isBlank,
  isPlainName,
  normaliseName,
  parseAmount,
  parseBatch,
  parseCount,
  parseDate,
  parseYesNo,
  toHalfWidth,
  unseenIn,
  type Parsed,
} from "../../src/engine/values";

function value<T>(p: Parsed<T>): T {
  if (!p.ok) throw new Error(`expected ok, got: ${p.expected.en}`);
  return p.value;
}

function yuan(v: CellValue, unit: "yuan" | "wan" = "yuan"): string {
  return value(parseAmount(v, unit)).toFixed();
}

describe("isBlank", () => {
  it.each([null, undefined, "", "   ", "\u3000", " \u3000\t\n"])("%j is blank", (v) => {
    expect(isBlank(v)).toBe(true);
  });
  it.each([0, false, "0", "x", new Date(0)])("%j is not blank", (v) => {
    expect(isBlank(v)).toBe(false);
  });
});

describe("toHalfWidth", () => {
  it("maps full-width ASCII and the ideographic space", () => {
    expect(toHalfWidth("ＡＢＣ１２３．，（）！～\u3000ｚ")).toBe("ABC123.,()!~ z");
  });
  it("leaves other characters alone (。 is not ASCII)", () => {
    expect(toHalfWidth("有限公司。、")).toBe("有限公司。、");
  });
});

describe("normaliseName (POLICY §2 step 4, §6)", () => {
  it("half-widths brackets and digits (NFKC) and removes every space", () => {
    expect(normaliseName("\u3000重庆ＡＢＣ科技（渝北）  有限公司１ ")).toBe("重庆ABC科技(渝北)有限公司1");
  });
  it("does not merge 有限责任公司 with 有限公司", () => {
    expect(normaliseName("甲有限责任公司")).not.toBe(normaliseName("甲有限公司"));
  });
  it.each([
    ["a zero-width space", "重庆甲\u200b科技有限公司"],
    ["a no-break space", "重庆甲\u00a0科技有限公司"],
    ["an ideographic space", "重庆甲\u3000科技有限公司"],
    ["an en space and a thin space", "重庆甲\u2002科技\u2009有限公司"],
    ["a right-to-left override and its pop", "重庆甲\u202e科技\u202c有限公司"],
    ["isolates and marks", "\u2066重庆甲科技有限公司\u2069\u200e\u200f\u061c"],
    ["a soft hyphen, a word joiner and a BOM", "\ufeff重庆甲\u00ad科技\u2060有限公司"],
    ["a zero-width joiner and a variation selector", "重庆甲\u200d科\ufe0f技有限公司"],
    ["a control character", "重庆甲\u0007科技有限公司"],
  ])("%s: the same name as without it", (_, name) => {
    expect(normaliseName(name)).toBe("重庆甲科技有限公司");
  });
  it("joins what a removed character stood between, so a normalised name normalises to itself", () => {
    const name = normaliseName("Cafe\u200b\u0301 有限公司");
    expect(name).toBe("Café有限公司");
    expect(normaliseName(name)).toBe(name);
  });
  it("is the same key however often it is taken, and holds no space or invisible character", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const once = normaliseName(s);
        expect(normaliseName(once)).toBe(once);
        expect(unseenIn(once)).toEqual([]);
        expect(once).not.toMatch(/\s/);
      }),
      { numRuns: 2000 },
    );
  });
  it("knows a name of ideographs, ASCII and CJK punctuation for normal at a glance", () => {
    for (const name of ["重庆甲科技有限公司", "重庆甲(渝北)有限公司", "《重庆》甲、乙有限公司"]) {
      expect(isPlainName(name)).toBe(true);
      expect(normaliseName(name)).toBe(name);
    }
    expect(isPlainName("重庆甲（渝北）有限公司")).toBe(false);
    expect(isPlainName("重庆甲\u200b有限公司")).toBe(false);
  });
});

describe("unseenIn", () => {
  it("names each invisible character once, not the spaces typed every day", () => {
    expect(unseenIn("重庆\u200b甲\u00a0科技\u200b 有限公司\u3000")).toEqual(["U+200B", "U+00A0"]);
    expect(unseenIn("\u202e重庆甲\u202c")).toEqual(["U+202E", "U+202C"]);
    expect(unseenIn("重庆 甲 有限公司")).toEqual([]);
  });
});

describe("parseAmount", () => {
  it("CASES #10: 1,234.5678 万元 → 12,345,678 元", () => {
    expect(yuan(1234.5678, "wan")).toBe("12345678");
    expect(yuan("1,234.5678", "wan")).toBe("12345678");
  });
  it("CASES #11: 1.2 亿 → 120,000,000 元, in a 元 or 万元 column", () => {
    expect(yuan("1.2亿", "yuan")).toBe("120000000");
    expect(yuan("1.2 亿", "wan")).toBe("120000000");
    expect(yuan(12000, "wan")).toBe("120000000");
  });
  it("CASES #12: 5,000 万元 → 50,000,000 元", () => {
    expect(yuan("5,000", "wan")).toBe("50000000");
    expect(yuan("5000万元", "yuan")).toBe("50000000");
  });
  it("CASES #20: full-width １２３.５ under 融资金额（万元） → 1,235,000 元", () => {
    expect(yuan("１２３.５", "wan")).toBe("1235000");
    expect(yuan("１２３．５", "wan")).toBe("1235000");
  });
  it("reads the number Excel shows, not the binary float", () => {
    expect(yuan(0.1)).toBe("0.1");
    expect(yuan(1234.5678)).toBe("1234.5678");
    expect(yuan(0.1, "wan")).toBe("1000");
  });
  it.each([
    ["1,234.5", "yuan", "1234.5"],
    ["１，２３４．５", "yuan", "1234.5"],
    ["12.3万", "yuan", "123000"],
    ["12.3万", "wan", "123000"],
    ["12.3万元", "yuan", "123000"],
    ["1,000元", "yuan", "1000"],
    ["1,000元", "wan", "1000"],
    [" ¥1,000 ", "yuan", "1000"],
    ["￥12", "wan", "120000"],
    ["0", "yuan", "0"],
    [".5", "yuan", "0.5"],
    ["1 234", "yuan", "1234"],
    // LEDGER.md "Value shapes": the unit in the cell wins over the column's.
    ["12.5万元", "wan", "125000"],
    ["12.5万元", "yuan", "125000"],
    ["125,000元", "wan", "125000"],
    ["￥125,000", "yuan", "125000"],
    ["¥125,000", "yuan", "125000"],
    ["¥ 125,000.05 元", "yuan", "125000.05"],
    ["1.2亿", "wan", "120000000"],
    ["1.2亿元", "yuan", "120000000"],
  ] as const)("%j in a %s column → %s 元", (cell, unit, expected) => {
    expect(yuan(cell, unit)).toBe(expected);
  });
  it.each([-1, "-1", "abc", "1,2", "1,23,456", "12.3.4", "万", "1万亿", true, new Date(0), NaN, Infinity])(
    "%j is not an amount",
    (cell) => {
      const p = parseAmount(cell, "yuan");
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.expected.zh).toContain("金额");
    },
  );
  it("an amount with its unit in the cell stays exact to the fen (no binary float)", () => {
    expect(yuan("0.0001万元")).toBe("1");
    expect(yuan("1,234,567,890,123.45元")).toBe("1234567890123.45");
    expect(yuan("12345678.9123亿")).toBe("1234567891230000");
  });
  it("blank: says a value is required", () => {
    const p = parseAmount("\u3000", "yuan");
    expect(p).toEqual({
      ok: false,
      expected: { zh: expect.stringContaining("必填"), en: expect.stringContaining("required") },
    });
  });
  it("property: a number written with thousands separators, full-width or as 万 parses to the same amount", () => {
    const amounts = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 4 }))
      .map(([units, places]) => new Decimal(units.toString()).dividedBy(10 ** places));
    fc.assert(
      fc.property(amounts, (d) => {
        const [whole, fraction] = d.toFixed().split(".");
        const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",") + (fraction ? `.${fraction}` : "");
        const fullWidth = grouped.replace(/[0-9.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(value(parseAmount(grouped, "yuan")).equals(d)).toBe(true);
        expect(value(parseAmount(fullWidth, "yuan")).equals(d)).toBe(true);
        expect(value(parseAmount(`${grouped}万`, "yuan")).equals(d.times(10_000))).toBe(true);
        expect(value(parseAmount(grouped, "wan")).equals(d.times(10_000))).toBe(true);
      }),
    );
  });
  it("property: a JS number from Excel becomes the decimal it prints as", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e15, noNaN: true }), (n) => {
        expect(value(parseAmount(n, "yuan")).equals(new Decimal(String(n)))).toBe(true);
      }),
    );
  });
});

describe("parseCount", () => {
  it.each([
    [null, 1],
    ["", 1],
    [3, 3],
    ["3", 3],
    ["３", 3],
    ["3件", 3],
    [" 12 件 ", 12],
  ] as const)("%j → %i", (cell, n) => {
    expect(value(parseCount(cell))).toBe(n);
  });
  it.each([0, -1, 1.5, "0", "-2", "1.5", "三", "x", true, new Date(0)])("%j is not a count", (cell) => {
    expect(parseCount(cell).ok).toBe(false);
  });
});

describe("parseDate", () => {
  it.each([
    [45356, "2024-03-05"],
    [45356.75, "2024-03-05"],
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    [2958465, "9999-12-31"],
    [45199, "2023-09-30"],
  ] as const)("Excel serial %d → %s", (serial, iso) => {
    expect(value(parseDate(serial))).toBe(iso);
  });
  it.each([0, -5, 60, 2958466, NaN])("serial %d is refused (60 is Excel's fake 1900-02-29)", (serial) => {
    expect(parseDate(serial).ok).toBe(false);
  });
  it("a Date from exceljs (UTC midnight) keeps its UTC day", () => {
    expect(value(parseDate(new Date(Date.UTC(2024, 2, 5))))).toBe("2024-03-05");
    expect(value(parseDate(new Date(Date.UTC(2024, 11, 31, 23, 59))))).toBe("2024-12-31");
    expect(parseDate(new Date(NaN)).ok).toBe(false);
  });
  it.each([
    "2024-03-05",
    "2024/3/5",
    "2024.3.5",
    "2024年3月5日",
    "2024年03月05日",
    "2024 年 3 月 5 日",
    "20240305",
    "2024-03-05 00:00:00",
    "2024/3/5 14:30",
    "2024-03-05T00:00:00",
    "２０２４－０３－０５",
    "２０２４年３月５日",
    " 2024-3-5 ",
    "2024年3月5号",
    "2024 年 03 月 05 号",
    20240305,
  ])("%j → 2024-03-05", (cell) => {
    expect(value(parseDate(cell))).toBe("2024-03-05");
  });
  it("accepts a real leap day", () => {
    expect(value(parseDate("2024-02-29"))).toBe("2024-02-29");
  });
  it.each([
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-04-31",
    "2024-3/5",
    "24-3-5",
    "2024030",
    "March 5",
    "45356",
    true,
  ])("%j is refused", (cell) => {
    const p = parseDate(cell);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.expected.zh).toContain("日期");
  });
  it.each(["20240230", 20240230, "12345678", 12345678, "20241301", "２０２４０２３０"])(
    "%j: eight digits that form no calendar day are refused, saying how eight digits are read",
    (cell) => {
      const p = parseDate(cell);
      expect(p).toEqual({
        ok: false,
        expected: {
          zh: expect.stringMatching(/8 位数字按年月日读.*20240305/),
          en: expect.stringMatching(/8 digits are read as year, month, day.*20240305/),
        },
      });
    },
  );
  it.each([20240305.5, 202403051, "2024年3月5号日", "2024.3.5号"])("%j is refused", (cell) => {
    const p = parseDate(cell);
    expect(!p.ok && p.expected.zh).toMatch(/^日期，如 /);
  });
  it("an Excel serial is still a serial, and the eight-digit number a date (no day has both)", () => {
    expect(value(parseDate(45356))).toBe("2024-03-05");
    expect(value(parseDate(20240305))).toBe("2024-03-05");
    expect(value(parseDate(19000301))).toBe("1900-03-01");
    expect(value(parseDate(99991231))).toBe("9999-12-31");
  });
  it("blank: says a date is required", () => {
    const p = parseDate(null);
    expect(!p.ok && p.expected.en).toContain("required");
  });
  it("property: every calendar day round-trips through its serial and its written forms", () => {
    const days = fc.integer({ min: 61, max: 2958465 });
    fc.assert(
      fc.property(days, (serial) => {
        const iso = value(parseDate(serial));
        const d = new Date(`${iso}T00:00:00Z`);
        expect(value(parseDate(d))).toBe(iso);
        const [y, m, day] = iso.split("-").map(Number);
        expect(value(parseDate(`${y}/${m}/${day}`))).toBe(iso);
        expect(value(parseDate(`${y}年${m}月${day}日`))).toBe(iso);
        expect(value(parseDate(iso.replace(/-/g, "")))).toBe(iso);
        expect(value(parseDate(Number(iso.replace(/-/g, ""))))).toBe(iso);
        expect(value(parseDate(`${y}.${m}.${day}`))).toBe(iso);
        expect(value(parseDate(`${y}年${m}月${day}号`))).toBe(iso);
        // Excel's epoch: serial 61 is 1900-03-01, and serials count days from there.
        expect((d.getTime() - Date.UTC(1900, 2, 1)) / 86_400_000).toBe(serial - 61);
      }),
    );
  });
});

describe("parseYesNo", () => {
  it.each(["是", "Y", "y", "Yes", "YES", "1", 1, "true", "TRUE", true, "有", "√", "Ｙ"])("%j → yes", (cell) => {
    expect(value(parseYesNo(cell))).toBe(true);
  });
  it.each(["否", "N", "no", "0", 0, "false", false, "无", "×", null, "", "\u3000"])("%j → no", (cell) => {
    expect(value(parseYesNo(cell))).toBe(false);
  });
  it.each(["也许", 2, "是否", new Date(0)])("%j is refused", (cell) => {
    expect(parseYesNo(cell).ok).toBe(false);
  });
});

describe("parseBatch", () => {
  it.each([
    [1, 1],
    [2, 2],
    ["1", 1],
    ["２", 2],
    ["第一批", 1],
    ["第二批", 2],
    ["第1批", 1],
    ["第 2 批", 2],
    ["一", 1],
    ["二", 2],
    ["第二批次", 2],
  ] as const)("%j → %i", (cell, n) => {
    expect(value(parseBatch(cell))).toBe(n);
  });
  it.each([0, -1, 1.5, "第零批", "批", "abc", true])("%j is refused", (cell) => {
    expect(parseBatch(cell).ok).toBe(false);
  });
  it("blank is refused, saying a batch is required", () => {
    const p = parseBatch("");
    expect(!p.ok && p.expected.zh).toContain("必填");
  });
});
