/**
 * The built custom functions (dist/functions.js) called as Excel calls them: arguments per functions.json,
 * optional ones omitted, ranges as 2-D arrays. Values must equal the engine's (./oracle), CASES.md values
 * hold, and wrong input gives #VALUE! with a message saying what was expected.
 */
import Decimal from "decimal.js";
import fc from "fast-check";
import { balance, type PerformanceItemId, type PriorPayout } from "../../src/engine";
import { creditCode, p1, p4, patentNo } from "../support/claims";
import {
  callExcel,
  CustomFunctionError,
  loadFunctions,
  readMetadata,
  type CustomFunction,
  type ExcelArg,
  type Metadata,
} from "./bundle";
import { ORACLE, policy } from "./oracle";

let fns: Map<string, CustomFunction>;
let metadata: Metadata;

beforeAll(() => {
  fns = loadFunctions();
  metadata = readMetadata();
});

function fn(id: string): CustomFunction {
  const f = fns.get(id);
  if (!f) throw new Error(`${id} was not associated`);
  return f;
}

/** Calls as Excel would, after checking the arguments fit the function's metadata. */
function excel(id: string, ...args: ExcelArg[]): unknown {
  const meta = metadata.functions.find((f) => f.id === id)!;
  const required = meta.parameters.filter((p) => !p.optional).length;
  expect(args.length).toBeGreaterThanOrEqual(required);
  expect(args.length).toBeLessThanOrEqual(meta.parameters.length);
  args.forEach((arg, i) => {
    const p = meta.parameters[i];
    if (p.dimensionality === "matrix") expect(Array.isArray(arg) && arg.every(Array.isArray)).toBe(true);
    else if (arg !== null && p.type !== undefined && p.type !== "any") expect(typeof arg).toBe(p.type);
  });
  return callExcel(fn(id), args);
}

const ALL_IDS = [
  "AWARD_TRANSFER",
  "AWARD_LICENSE",
  "AWARD_OPEN_LICENSE",
  "PRODUCT_FILING_AWARD",
  "PLEDGE_AWARD",
  "UNIT_CAP",
  "AWARD_RATE",
  "RATE",
  "BUDGET",
  "CAP",
  "PRORATA",
  "PATENT_TYPE",
  "PATENT_VALID",
  "CREDIT_CODE_VALID",
  "PUBLICITY_END",
  "TARGET",
  "POLICY_VERSION",
];

test("every function of the issue is in functions.json and associated with the runtime, and nothing else", () => {
  expect(metadata.functions.map((f) => f.id).sort()).toEqual([...ALL_IDS].sort());
  expect([...fns.keys()].sort()).toEqual([...ALL_IDS].sort());
});

test("every function and parameter is documented, parameters with an example", () => {
  for (const f of metadata.functions) {
    expect(f.description).toMatch(/Example: =PATENT\./);
    for (const p of f.parameters) expect(p.description).toMatch(/Example: /);
  }
});

/** Valid calls, each compared with the engine; together they call every function. */
const VALID: [string, ...ExcelArg[]][] = [
  ["AWARD_TRANSFER", "发明", 1],
  ["AWARD_TRANSFER", "实用新型", 3, "P2"],
  ["AWARD_TRANSFER", "design", "2件", "p1"],
  ["AWARD_TRANSFER", "外观设计专利", 5, null],
  ["AWARD_LICENSE", 2],
  ["AWARD_LICENSE", "４", "P2"],
  ["AWARD_OPEN_LICENSE", 1],
  ["AWARD_OPEN_LICENSE", 3, "重庆知识产权运营中心"],
  ["AWARD_OPEN_LICENSE", 1, "江北知识产权运营公共服务平台"],
  ["AWARD_OPEN_LICENSE", 2, "某技术交易网站"],
  ["PRODUCT_FILING_AWARD", 4],
  ["PLEDGE_AWARD", 1234.5678, "万元"],
  ["PLEDGE_AWARD", 12_345_678],
  ["PLEDGE_AWARD", "１２３.５", "万元"],
  ["PLEDGE_AWARD", 5000, "万元", 150_000],
  ["PLEDGE_AWARD", 20_000_000, null, 250_000],
  ["PLEDGE_AWARD", 12_000, "万元", 12_345.67, "元"],
  ["PLEDGE_AWARD", 1234.5678, "万元", 0, "分"],
  ["UNIT_CAP", "P1", 60_000],
  ["UNIT_CAP", "P3", 12_000, 25_000],
  ["UNIT_CAP", "P2", 8000, 0],
  ["UNIT_CAP", "P1", 60_000, 12_345.67, "元"],
  ["UNIT_CAP", "P1", 60_000, 12_345.67, "分"],
  ["AWARD_RATE", "P1", "转让", "发明"],
  ["AWARD_RATE", "P2", "作价入股", "实用新型"],
  ["AWARD_RATE", "P1", "开放许可"],
  ["AWARD_RATE", "P2", "许可"],
  ["AWARD_RATE", "P3", "产品备案"],
  ["AWARD_RATE", "P4", "质押"],
  ["RATE", "P2", "作价入股", "实用新型"],
  ["RATE", "P4", "质押"],
  ["BUDGET", "P1"],
  ["BUDGET", "P8"],
  ["CAP", "P4"],
  ["CAP", "P6"],
  ["PRORATA", [[6000], [4000], [2000]], 10_000],
  ["PRORATA", [[6000], [4000], [2000]], 10_000, "元"],
  ["PRORATA", [[6000], [null], [4000], [""], [2000]], 100_000],
  ["PRORATA", [[1], [1], [1]], 1, "分"],
  ["PATENT_TYPE", "ZL200710308494.X"],
  ["PATENT_TYPE", "ZL202320123456.1"],
  ["PATENT_VALID", "ZL200710308494.X"],
  ["PATENT_VALID", "ZL200710308494.1"],
  ["PATENT_VALID", ""],
  ["CREDIT_CODE_VALID", "91350100M000100Y43"],
  ["CREDIT_CODE_VALID", "91350100M000100Y44"],
  ["PUBLICITY_END", 45562],
  ["PUBLICITY_END", "2025-01-24"],
  ["PUBLICITY_END", "2024年9月27日", 3],
  ["TARGET", "K1"],
  ["TARGET", "K5"],
  ["POLICY_VERSION"],
];

test("the valid calls cover every function", () => {
  expect(new Set(VALID.map(([id]) => id))).toEqual(new Set(ALL_IDS));
});

test.each(VALID)("%s%p… equals the engine", (id, ...args) => {
  expect(excel(id, ...args)).toEqual(ORACLE[id](...args));
});

test.each(VALID)("%s%p… is the same when Excel passes omitted optional arguments as null", (id, ...args) => {
  const params = metadata.functions.find((f) => f.id === id)!.parameters;
  const padded = [...args, ...Array<ExcelArg>(params.length - args.length).fill(null)];
  expect(excel(id, ...padded)).toEqual(ORACLE[id](...args));
});

describe("CASES.md", () => {
  test("#1 invention transfer: 4,000; the number is an invention with a valid check character", () => {
    expect(excel("AWARD_TRANSFER", "发明", 1, "P1")).toBe(4000);
    expect(excel("PATENT_TYPE", "ZL200710308494.X")).toBe("发明");
    expect(excel("PATENT_VALID", "ZL200710308494.X")).toBe(true);
  });
  test("#2 fifteen inventions: demand 60,000 capped at 50,000", () => {
    const demand = excel("AWARD_TRANSFER", "发明", 15) as number;
    expect(demand).toBe(60_000);
    expect(excel("UNIT_CAP", "P1", demand)).toBe(50_000);
  });
  test("#3 #4 open licence: 10,000 through a named platform, 2,000 elsewhere", () => {
    expect(excel("AWARD_OPEN_LICENSE", 1, "重庆知识产权运营中心")).toBe(10_000);
    expect(excel("AWARD_OPEN_LICENSE", 1, "某网站")).toBe(2000);
  });
  test("#6 作价入股 of a utility model is paid at the transfer rate for other types: 2,000", () => {
    expect(excel("AWARD_RATE", "P2", "作价入股", "实用新型")).toBe(2000);
  });
  test("#9 ZL202320123456.1 is a utility model", () => {
    expect(excel("PATENT_TYPE", "ZL202320123456.1")).toBe("实用新型");
  });
  test("#10 #11 #12 pledge awards", () => {
    expect(excel("PLEDGE_AWARD", 1234.5678, "万元")).toBe(24_691.36);
    expect(excel("PLEDGE_AWARD", 12_000, "万元")).toBe(200_000);
    expect(excel("PLEDGE_AWARD", "1.2亿")).toBe(200_000);
    expect(excel("PLEDGE_AWARD", 5000, "万元", 150_000)).toBe(50_000);
  });
  test("#13 #14 pro rata adds up exactly to the budget", () => {
    expect(excel("PRORATA", [[6000], [4000], [2000]], 10_000)).toEqual([[5000], [3333.33], [1666.67]]);
    expect(excel("PRORATA", [[6000], [4000], [2000]], 10_000, "元")).toEqual([[5000], [3333], [1667]]);
  });
  test("#17 #18 publicity ends on the 5th working day, as an Excel date serial", () => {
    // 2024-09-27 is serial 45562; 2024-10-09 is 45574; 2025-01-24 is 45681; 2025-02-06 is 45694.
    expect(excel("PUBLICITY_END", 45562)).toBe(45574);
    expect(excel("PUBLICITY_END", "2025-01-24")).toBe(45694);
  });
  test("#19 credit codes", () => {
    expect(excel("CREDIT_CODE_VALID", "91350100M000100Y43")).toBe(true);
    expect(excel("CREDIT_CODE_VALID", "91350100M000100Y44")).toBe(false);
  });
  test("#20 a full-width amount in 万元: 1,235,000 元 financing", () => {
    expect(excel("PLEDGE_AWARD", "１２３.５", "万元")).toBe(excel("PLEDGE_AWARD", 1_235_000));
  });
});

describe("wrong input gives #VALUE! with what was expected", () => {
  const BAD: [string, ExcelArg[], RegExp][] = [
    ["AWARD_TRANSFER", ["发明", null], /件数必填/],
    ["AWARD_TRANSFER", ["发明", ""], /件数必填/],
    ["AWARD_TRANSFER", ["发明", 0], /件数：正整数/],
    ["AWARD_TRANSFER", ["发明", 2.5], /正整数/],
    ["AWARD_TRANSFER", ["专利", 1], /发明、实用新型或外观设计/],
    ["AWARD_TRANSFER", ["发明", 1, "P3"], /P1、P2 之一/],
    ["AWARD_LICENSE", ["three"], /正整数/],
    ["PRODUCT_FILING_AWARD", [-1], /正整数/],
    ["PLEDGE_AWARD", [null], /融资金额必填/],
    ["PLEDGE_AWARD", ["很多"], /融资金额：金额/],
    ["PLEDGE_AWARD", [100, "美元"], /元 或 万元/],
    ["PLEDGE_AWARD", [100, "元", "abc"], /已兑付金额/],
    ["UNIT_CAP", ["P5", 100], /P1、P2、P3、P4 之一/],
    ["UNIT_CAP", ["P1", null], /奖补金额必填/],
    ["UNIT_CAP", ["P1", 100, 0, "角"], /分（0.01）或 元（1）/],
    ["AWARD_RATE", ["P1", "转让"], /专利类型/],
    ["AWARD_RATE", ["P3", "转让", "发明"], /只奖补/],
    ["AWARD_RATE", ["P1", "赠与"], /转让、许可/],
    ["RATE", ["P1", "赠与"], /转让、许可/],
    ["BUDGET", ["P9"], /P1、P2、P3、P4、P5、P6、P7、P8 之一/],
    ["CAP", ["P5"], /P1、P2、P3、P4、P6、P7 之一/],
    ["PRORATA", [[[100], ["abc"]], 50], /申报金额第 2 行第 1 列/],
    ["PRORATA", [[[100]], null], /预算必填/],
    ["PRORATA", [[[100]], 50, "角"], /分（0.01）或 元（1）/],
    ["PATENT_TYPE", ["ZL200710308494.1"], /校验位应为 X/],
    ["PATENT_TYPE", ["12345"], /专利申请号/],
    ["PUBLICITY_END", [null], /公示开始日期必填/],
    ["PUBLICITY_END", ["下周一"], /日期/],
    ["PUBLICITY_END", ["2024-09-27", 0], /正整数/],
    ["PUBLICITY_END", ["1999-01-04"], /节假日数据/],
    ["TARGET", ["K11"], /K1、K2/],
    // Text reaches the engine only as data: names of object properties are just unknown values.
    ["TARGET", ["constructor"], /K1、K2/],
    ["BUDGET", ["__proto__"], /之一/],
    ["AWARD_TRANSFER", ["=1+1", 1], /专利类型/],
  ];

  test.each(BAD)("%s%p", (id, args, message) => {
    const result = excel(id, ...args);
    expect(result).toBeInstanceOf(CustomFunctionError);
    const error = result as CustomFunctionError;
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toMatch(message);
  });

  test("before Office tells the display language, the message is in both languages", () => {
    const error = excel("AWARD_TRANSFER", "发明", null) as CustomFunctionError;
    expect(error.message).toBe("件数必填 / count is required");
  });

  test("Chinese Office gets Chinese, English Office gets English", () => {
    const zh = loadFunctions("zh-CN").get("PLEDGE_AWARD")!;
    const en = loadFunctions("en-US").get("PLEDGE_AWARD")!;
    expect((callExcel(zh, [null]) as CustomFunctionError).message).toBe("融资金额必填");
    expect((callExcel(en, [null]) as CustomFunctionError).message).toBe("amount is required");
  });
});

/**
 * The cap left after an earlier payout that is not a whole step (12,345.67 元 paid before; cap 50,000 for P1 and
 * 200,000 for P4): the functions and the balancer apply one rule, cap − paid before down to a whole fen or 元.
 */
describe("UNIT_CAP and PLEDGE_AWARD agree with the balancer after an earlier payout with fen", () => {
  const paidBefore = 12_345.67;
  const code = creditCode(901);
  const prior = (item: PerformanceItemId, name: string): PriorPayout[] => [
    { item, claimantName: name, claimantCode: code, amount: new Decimal(String(paidBefore)), claimed: [] },
  ];

  test.each([
    ["fen", "分", 37_654.33],
    ["yuan", "元", 37_654],
  ] as const)("P1, %s: fifteen inventions (60,000) capped at the cap left", (rounding, round, capLeft) => {
    const rows = Array.from({ length: 15 }, (_, i) =>
      p1({ claimantCode: code, patentNumber: patentNo("invention", 9000 + i), patentType: "发明" }),
    );
    const result = balance(rows, policy, { rounding, priorPayouts: prior("P1", "重庆某某大学") });
    const unit = result.units.find((u) => u.item === "P1")!;
    expect(unit.demand.toNumber()).toBe(60_000);
    expect(unit.capLeft.toNumber()).toBe(capLeft);
    expect(excel("UNIT_CAP", "P1", 60_000, paidBefore, round)).toBe(unit.capped.toNumber());
    expect(excel("UNIT_CAP", "P1", 60_000, paidBefore, round)).toBe(capLeft);
    // Within the item's budget, the unit is paid what it is capped at.
    expect(unit.payout.toNumber()).toBe(capLeft);
  });

  test.each([
    ["fen", "分", 187_654.33],
    ["yuan", "元", 187_654],
  ] as const)("P4, %s: a pledge of 1.2亿 (240,000) paid the cap left", (rounding, round, capLeft) => {
    const row = p4({ claimantCode: code, pledgeAmount: 12_000 }, { units: { pledgeAmount: "wan" } });
    const result = balance([row], policy, { rounding, priorPayouts: prior("P4", "重庆质押融资有限公司") });
    expect(result.units[0].capLeft.toNumber()).toBe(capLeft);
    expect(excel("PLEDGE_AWARD", 12_000, "万元", paidBefore, round)).toBe(result.rows[0].payout.toNumber());
    expect(result.rows[0].payout.toNumber()).toBe(capLeft);
  });
});

describe("properties, against the engine", () => {
  test("PLEDGE_AWARD for any amount in 万元 with any earlier payout", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 300_000 }), (fen, paid) => {
        const amount = fen / 100;
        expect(excel("PLEDGE_AWARD", amount, "万元", paid)).toEqual(ORACLE.PLEDGE_AWARD(amount, "万元", paid));
      }),
      { numRuns: 200 },
    );
  });

  test("PRORATA returns one payout per claim, summing to min(budget, claims)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 ** 8 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 10 ** 8 }),
        (fens, budgetFen) => {
          const claims = fens.map((f) => [f / 100]);
          const result = excel("PRORATA", claims, budgetFen / 100) as number[][];
          expect(result).toEqual(ORACLE.PRORATA(claims, budgetFen / 100));
          expect(result).toHaveLength(claims.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Excel's own functions whose names an add-in's could be confused with (Microsoft: avoid built-in names). */
const BUILT_IN = ["RATE", "TYPE", "VALUE", "DAYS", "WORKDAY", "EFFECT", "NPER", "PV"];

test("AWARD_RATE is the rate's name; RATE stays as a second entry so =PATENT.RATE in older workbooks still computes", () => {
  const entry = (id: string) => metadata.functions.find((f) => f.id === id)!;
  expect(entry("AWARD_RATE").name).toBe("AWARD_RATE");
  expect(entry("RATE").name).toBe("RATE");
  expect(entry("RATE").description).toMatch(/AWARD_RATE/);
  const shape = (id: string) => ({ parameters: entry(id).parameters, result: entry(id).result });
  expect(shape("RATE")).toEqual(shape("AWARD_RATE"));
  // Only the kept former name may be a built-in's.
  const clashing = metadata.functions.filter((f) => BUILT_IN.includes(f.name)).map((f) => f.name);
  expect(clashing).toEqual(["RATE"]);
});

test("=PATENT.RATE computes exactly as =PATENT.AWARD_RATE, errors included", () => {
  const outcome = (id: string, args: ExcelArg[]) => {
    try {
      return { value: callExcel(fn(id), args) };
    } catch (e) {
      return { error: e instanceof CustomFunctionError ? [e.code, e.message] : String(e) };
    }
  };
  const items = ["P1", "P2", "P3", "P4", "P9", "", null];
  const modes = ["转让", "许可", "开放许可", "作价入股", "产品备案", "质押", "transfer", "赠与", null];
  const types = ["发明", "实用新型", "外观设计", "utility", "其他", null, undefined];
  for (const item of items)
    for (const mode of modes)
      for (const type of types) {
        const args = type === undefined ? [item, mode] : [item, mode, type];
        expect(outcome("RATE", args)).toEqual(outcome("AWARD_RATE", args));
      }
});
