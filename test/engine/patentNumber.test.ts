import fc from "fast-check";
import { checkPatentNumber, patentCheckChar, splitPatentNumbers } from "../../src/engine/patentNumber";

const body12 = fc
  .tuple(fc.stringMatching(/^\d{4}$/), fc.constantFrom("1", "2", "3", "8", "9"), fc.stringMatching(/^\d{7}$/))
  .map(([year, type, serial]) => year + type + serial);

/** The number a valid body makes, with the real CNIPA check character. */
function patentOf(digits: string): string {
  return `ZL${digits}.${patentCheckChar(digits)}`;
}

function normalised(n: string): string {
  const r = checkPatentNumber(n);
  if (!r.ok) throw new Error(`${n}: ${r.expected.en}`);
  return r.normalised;
}

describe("checkPatentNumber (POLICY §1)", () => {
  it("CASES #1: ZL200710308494.X is a valid invention number (digit 5 = 1, check X)", () => {
    expect(checkPatentNumber("ZL200710308494.X")).toEqual({
      ok: true,
      normalised: "ZL200710308494.X",
      type: "invention",
    });
  });

  it("CASES #9: ZL202320123456.1 is a valid utility model number (digit 5 = 2, check 1)", () => {
    expect(patentCheckChar("202320123456")).toBe("1");
    expect(checkPatentNumber("ZL202320123456.1")).toEqual({
      ok: true,
      normalised: "ZL202320123456.1",
      type: "utility",
    });
  });

  it.each([
    ["200710308494.X", "ZL200710308494.X"],
    ["200710308494X", "ZL200710308494.X"],
    ["zl200710308494.x", "ZL200710308494.X"],
    ["CN200710308494.X", "ZL200710308494.X"],
    ["cn 2007 1030 8494.X", "ZL200710308494.X"],
    ["ＺＬ２００７１０３０８４９４．Ｘ", "ZL200710308494.X"],
    [" ZL200710308494.X\u3000", "ZL200710308494.X"],
  ])("%j normalises to %s", (input, normalised) => {
    const r = checkPatentNumber(input);
    expect(r.ok && r.normalised).toBe(normalised);
  });

  it.each([
    ["1", "invention"],
    ["8", "invention"],
    ["2", "utility"],
    ["9", "utility"],
    ["3", "design"],
  ] as const)("type digit %s → %s", (digit, type) => {
    const digits = `2023${digit}0123456`;
    const r = checkPatentNumber(`${digits}.${patentCheckChar(digits)}`);
    expect(r.ok && r.type).toBe(type);
  });

  it.each(["0", "4", "5", "6", "7"])("type digit %s is a format problem", (digit) => {
    const digits = `2023${digit}0123456`;
    const r = checkPatentNumber(`${digits}.${patentCheckChar(digits)}`);
    expect(r).toMatchObject({ ok: false, problem: "format" });
  });

  it("old 8-digit numbers: digit 3 is the type, weights 2..9", () => {
    // 0 1 1 2 3 4 5 6 · 2 3 4 5 6 7 8 9 = 0+3+4+10+18+28+40+54 = 157; 157 mod 11 = 3.
    expect(patentCheckChar("01123456")).toBe("3");
    expect(checkPatentNumber("ZL01123456.3")).toEqual({ ok: true, normalised: "ZL01123456.3", type: "invention" });
    expect(checkPatentNumber("01223456.7")).toMatchObject({ ok: true, type: "utility" });
    expect(checkPatentNumber("01323456.0")).toMatchObject({ ok: true, type: "design" });
    expect(checkPatentNumber("01423456.4")).toMatchObject({ ok: false, problem: "format" });
  });

  it("a wrong check character says which one is right", () => {
    const r = checkPatentNumber("ZL200710308494.1");
    expect(r).toMatchObject({ ok: false, problem: "check", expectedCheck: "X" });
    expect(!r.ok && r.expected.zh).toContain("校验位应为 X");
    expect(!r.ok && r.expected.en).toContain("should be X");
  });

  it.each([
    "",
    "ZL",
    "ZL20071030849.X",
    "ZL2007103084945.X",
    "ZL200710308494.Y",
    "ZL200710308494..X",
    "ZL200710308494.XX",
    "US200710308494.X",
    "CN1234567A",
    "ZL2007103084.94X",
  ])("%j is a format problem", (input) => {
    const r = checkPatentNumber(input);
    expect(r).toMatchObject({ ok: false, problem: "format" });
    expect(!r.ok && r.expected.zh).toContain("ZL200710308494.X");
  });

  it("property: a 12-digit body with its computed check character always validates", () => {
    fc.assert(
      fc.property(body12, (digits) => {
        const r = checkPatentNumber(`${digits}.${patentCheckChar(digits)}`);
        expect(r.ok && r.normalised).toBe(`ZL${digits}.${patentCheckChar(digits)}`);
      }),
    );
  });

  it("property: any other check character fails with the right one named", () => {
    fc.assert(
      fc.property(body12, fc.constantFrom(..."0123456789X"), (digits, check) => {
        fc.pre(check !== patentCheckChar(digits));
        expect(checkPatentNumber(`ZL${digits}.${check}`)).toMatchObject({
          ok: false,
          problem: "check",
          expectedCheck: patentCheckChar(digits),
        });
      }),
    );
  });

  it("property: changing one digit of a valid number is always caught (mod 11 with distinct weights)", () => {
    fc.assert(
      fc.property(body12, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (digits, at, delta) => {
        const changed = digits.slice(0, at) + ((Number(digits[at]) + delta) % 10) + digits.slice(at + 1);
        expect(checkPatentNumber(`${changed}.${patentCheckChar(digits)}`).ok).toBe(false);
      }),
    );
  });
});

describe("splitPatentNumbers", () => {
  it("splits on 、 , ; ， ； newlines and spaces, dropping empties", () => {
    expect(splitPatentNumbers("ZL1、ZL2,ZL3;ZL4，ZL5；ZL6\nZL7\r\nZL8 ZL9\u3000ZL10、、")).toEqual([
      "ZL1",
      "ZL2",
      "ZL3",
      "ZL4",
      "ZL5",
      "ZL6",
      "ZL7",
      "ZL8",
      "ZL9",
      "ZL10",
    ]);
  });
  it("keeps a prefix written apart with its number", () => {
    expect(splitPatentNumbers("ZL 200710308494.X、cn 202320123456.1")).toEqual([
      "ZL 200710308494.X",
      "cn 202320123456.1",
    ]);
  });
  it('LEDGER.md "Value shapes": one number with spaces inside is one number, normalised as without them', () => {
    const digits = "202310123456";
    const number = `ZL${digits}.${patentCheckChar(digits)}`;
    for (const spaced of [
      `ZL 2023 1 0123456.${patentCheckChar(digits)}`,
      `2023 1 0123456.${patentCheckChar(digits)}`,
      `CN 2023 1 0123456.${patentCheckChar(digits)}`,
      `ZL\u00a02023\u30001\t0123456 . ${patentCheckChar(digits)}`,
    ]) {
      const parts = splitPatentNumbers(spaced);
      expect(parts).toHaveLength(1);
      expect(normalised(parts[0])).toBe(number);
    }
  });
  it("several valid numbers separated by spaces stay several, also beside one written with spaces", () => {
    const a = patentOf("202310123456");
    const b = patentOf("202310654327");
    expect(b.endsWith("X")).toBe(true);
    expect(splitPatentNumbers(`${a} ${b}`)).toEqual([a, b]);
    expect(splitPatentNumbers(`${a}\n${b}`)).toEqual([a, b]);
    const spacedB = "ZL 2023 1 0654327.X";
    expect(splitPatentNumbers(`${a} ${spacedB} ${a}`).map(normalised)).toEqual([a, b, a]);
  });
  it("a number written with spaces and a wrong check character stays one number, so the reason names it whole", () => {
    const parts = splitPatentNumbers("ZL 2023 1 0123456.0");
    expect(parts).toEqual(["ZL 2023 1 0123456.0"]);
    expect(checkPatentNumber(parts[0])).toMatchObject({ ok: false, problem: "check" });
  });
  it("pieces that form no number stay apart, each refused on its own", () => {
    expect(splitPatentNumbers("2023 abc 0123456.7")).toEqual(["2023", "abc", "0123456.7"]);
  });
  it("a cell of many short pieces is split without trying every join (a number has at most 16 characters)", () => {
    const pieces = Array.from({ length: 20_000 }, () => "ab").join(" ");
    expect(splitPatentNumbers(pieces)).toHaveLength(20_000);
  });
  it("property: a valid number cut by spaces anywhere, beside valid numbers, is read as written without them", () => {
    fc.assert(
      fc.property(
        fc.array(body12, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 15 }), { maxLength: 5 }),
        fc.constantFrom("", "ZL", "CN", "zl"),
        (bodies, cuts, prefix) => {
          const numbers = bodies.map((d) => `${prefix}${d}.${patentCheckChar(d)}`);
          const first = numbers[0];
          const at = [...new Set(cuts)].filter((c) => c < first.length).sort((x, y) => x - y);
          const spaced = at.reduceRight((s, c) => `${s.slice(0, c)} ${s.slice(c)}`, first);
          const parts = splitPatentNumbers([spaced, ...numbers.slice(1)].join(" "));
          expect(parts.map(normalised)).toEqual(bodies.map((d) => `ZL${d}.${patentCheckChar(d)}`));
        },
      ),
    );
  });
  it("a single number, a numeric cell and blanks", () => {
    expect(splitPatentNumbers("ZL200710308494.X")).toEqual(["ZL200710308494.X"]);
    expect(splitPatentNumbers(200710308494)).toEqual(["200710308494"]);
    expect(splitPatentNumbers(null)).toEqual([]);
    expect(splitPatentNumbers(" \n ")).toEqual([]);
  });
});
