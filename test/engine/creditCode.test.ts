import fc from "fast-check";
import { checkCreditCode, creditCodeCheckChar, normaliseCreditCode } from "../../src/engine/creditCode";

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

describe("checkCreditCode (POLICY §6, GB 32100-2015)", () => {
  it("CASES #19: 91350100M000100Y43 is valid", () => {
    expect(checkCreditCode("91350100M000100Y43")).toEqual({ ok: true, normalised: "91350100M000100Y43" });
  });

  it("CASES #19: 91350100M000100Y44 has a wrong check character, which should be 3", () => {
    const r = checkCreditCode("91350100M000100Y44");
    expect(r).toMatchObject({ ok: false, problem: "check", expectedCheck: "3" });
    expect(!r.ok && r.expected.zh).toContain("校验位应为 3");
  });

  it("check characters computed by hand", () => {
    expect(creditCodeCheckChar("91500112MA5U0000X")).toBe("8");
    expect(creditCodeCheckChar("12500000450400000")).toBe("C");
    // Σ vᵢ·wᵢ ≡ 0 (mod 31): 31 − 0 = 31, written 0.
    expect(creditCodeCheckChar("91500112000000003")).toBe("0");
    expect(checkCreditCode("915001120000000030").ok).toBe(true);
  });

  it("trims, converts full-width and upper-cases before checking", () => {
    expect(checkCreditCode(" 91350100m000100y43\u3000")).toEqual({ ok: true, normalised: "91350100M000100Y43" });
    expect(checkCreditCode("９１３５０１００Ｍ０００１００Ｙ４３").ok).toBe(true);
    expect(normaliseCreditCode(" ９１ab ")).toBe("91AB");
  });

  it.each([
    "9135 0100 M000 100Y 43",
    "91350100m000100y43",
    "9135\u00a00100\u3000M000100Y43",
    "91350100\tM000100\nY43",
    "\u200b91350100M000100Y43\ufeff",
    "９１３５ ０１００ ｍ０００１００ｙ４３",
  ])('LEDGER.md "Value shapes": %j, with spaces of any kind or in lower case, is 91350100M000100Y43', (code) => {
    expect(normaliseCreditCode(code)).toBe("91350100M000100Y43");
    expect(checkCreditCode(code)).toEqual({ ok: true, normalised: "91350100M000100Y43" });
  });

  it("a code written with spaces still has its check character checked", () => {
    expect(checkCreditCode("9135 0100 M000 100Y 44")).toMatchObject({
      ok: false,
      problem: "check",
      expectedCheck: "3",
    });
  });

  it.each([
    "",
    "91350100M000100Y4",
    "91350100M000100Y433",
    "91350100I000100Y43",
    "91350100O000100Y43",
    "91350100S000100Y43",
    "91350100V000100Y43",
    "91350100Z000100Y43",
    "91350100M000100Y4-",
    "9135 0100M000100Y4",
  ])("%j is a format problem", (code) => {
    const r = checkCreditCode(code);
    expect(r).toMatchObject({ ok: false, problem: "format" });
    expect(!r.ok && r.expected.zh).toContain("18 位");
  });

  const body17 = fc.array(fc.constantFrom(...CHARSET), { minLength: 17, maxLength: 17 }).map((cs) => cs.join(""));

  it("property: a body with its computed check character validates; any other character fails", () => {
    fc.assert(
      fc.property(body17, fc.constantFrom(...CHARSET), (body, other) => {
        const right = creditCodeCheckChar(body);
        expect(checkCreditCode(body + right).ok).toBe(true);
        fc.pre(other !== right);
        expect(checkCreditCode(body + other)).toMatchObject({ ok: false, problem: "check", expectedCheck: right });
      }),
    );
  });

  it("property: changing any one character of a valid code is caught (31 is prime, weights non-zero)", () => {
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (body, at, shift) => {
        const valid = body + creditCodeCheckChar(body);
        const changed = CHARSET[(CHARSET.indexOf(valid[at]) + shift) % 31];
        expect(checkCreditCode(valid.slice(0, at) + changed + valid.slice(at + 1)).ok).toBe(false);
      }),
    );
  });
});
