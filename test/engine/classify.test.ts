import {
  classifyDistrict,
  classifyKind,
  classifyMode,
  classifyPatentType,
  isNamedPlatform,
  parseRecipientIdentity,
} from "../../src/engine/classify";
import { defaultPolicy } from "../../src/policy";

const policy = defaultPolicy();

describe("classifyKind (LEDGER.md 单位性质)", () => {
  it.each([
    ["高校", "university"],
    ["高等学校", "university"],
    ["大学", "university"],
    ["重庆大学", "university"],
    ["学院", "university"],
    ["科研院所", "institute"],
    ["科研机构", "institute"],
    ["研究院", "institute"],
    ["研究所", "institute"],
    ["中国科学院重庆绿色智能技术研究院", "institute"],
    ["国有企业", "soe"],
    ["国企", "soe"],
    ["国有", "soe"],
    ["国有控股企业", "soe"],
    ["中小微企业", "sme"],
    ["中型", "sme"],
    ["小型", "sme"],
    ["微型", "sme"],
    ["中小企业", "sme"],
    ["小微企业", "sme"],
    ["小型企业", "sme"],
    ["大型企业", "large"],
    ["大型", "large"],
    ["知识产权资产管理公司(重庆大学)", "ipAssetCompany"],
    ["知识产权资产管理公司（重庆大学）", "ipAssetCompany"],
    ["重庆大学资产管理公司", "ipAssetCompany"],
    ["University", "university"],
    ["institute", "institute"],
    ["SOE", "soe"],
    ["sme", "sme"],
    ["Large", "large"],
    [" 中 小 微 企 业 ", "sme"],
    ["ＳＭＥ", "sme"],
  ] as const)("%j → %s", (text, kind) => {
    expect(classifyKind(text)).toBe(kind);
  });
  it.each(["", "民营企业", "个人", "非国有企业", "smeX", "other"])("%j is not recognised", (text) => {
    expect(classifyKind(text)).toBeUndefined();
  });
});

describe("classifyDistrict (LEDGER.md 所在区县)", () => {
  it.each([
    ["渝北区", "inDistrict"],
    ["渝北", "inDistrict"],
    ["区内", "inDistrict"],
    ["重庆市渝北区", "inDistrict"],
    ["重庆渝北", "inDistrict"],
    ["重庆市 渝北区 龙溪街道", "inDistrict"],
    ["江北区", "inCity"],
    ["江北", "inCity"],
    ["沙坪坝区", "inCity"],
    ["重庆市沙坪坝区", "inCity"],
    ["石柱县", "inCity"],
    ["两江新区", "inCity"],
    ["市内", "inCity"],
    ["重庆", "inCity"],
    ["重庆市", "inCity"],
    ["重庆市某某路1号", "inCity"],
    ["四川省成都市", "outside"],
    ["北京市海淀区", "outside"],
    ["区外", "outside"],
    ["市外", "outside"],
  ] as const)("%j → %s", (text, district) => {
    expect(classifyDistrict(text, policy)).toBe(district);
  });
  it("blank is not classified", () => {
    expect(classifyDistrict(" \u3000", policy)).toBeUndefined();
  });
  it("reads the district and city from the policy, not from code", () => {
    const other = {
      ...policy,
      district: { ...policy.district, name: "江北区", aliases: ["江北区", "江北"] },
    };
    expect(classifyDistrict("江北区", other)).toBe("inDistrict");
    expect(classifyDistrict("渝北区", other)).toBe("inCity");
  });
});

describe("classifyMode (LEDGER.md 转化方式)", () => {
  it.each([
    ["转让", "transfer"],
    ["专利权转让", "transfer"],
    ["许可", "licence"],
    ["普通许可", "licence"],
    ["独占许可", "licence"],
    ["排他许可", "licence"],
    ["许可备案", "licence"],
    ["开放许可", "openLicence"],
    ["开放 许可", "openLicence"],
    ["作价入股", "capitalContribution"],
    ["作价投资", "capitalContribution"],
    ["Transfer", "transfer"],
    ["license", "licence"],
    ["open licence", "openLicence"],
  ] as const)("%j → %s", (text, mode) => {
    expect(classifyMode(text)).toBe(mode);
  });
  it.each(["", "转让/许可", "赠与", "质押"])("%j is not recognised", (text) => {
    expect(classifyMode(text)).toBeUndefined();
  });
});

describe("classifyPatentType (LEDGER.md 专利类型)", () => {
  it.each([
    ["发明", "invention"],
    ["发明专利", "invention"],
    ["invention", "invention"],
    ["实用新型", "utility"],
    ["实用新型专利", "utility"],
    ["utility", "utility"],
    ["Utility Model", "utility"],
    ["外观设计", "design"],
    ["外观设计专利", "design"],
    ["外观", "design"],
    ["design", "design"],
  ] as const)("%j → %s", (text, type) => {
    expect(classifyPatentType(text)).toBe(type);
  });
  it.each(["", "专利", "软件著作权"])("%j is not recognised", (text) => {
    expect(classifyPatentType(text)).toBeUndefined();
  });
});

describe("isNamedPlatform (§二(一)1)", () => {
  it.each([
    "重庆知识产权运营中心",
    "江北知识产权运营公共服务平台",
    " 重庆 知识产权 运营中心 ",
    "依托重庆知识产权运营中心",
    "通过江北知识产权运营公共服务平台达成",
  ])("%j is a named platform", (text) => {
    expect(isNamedPlatform(text, policy)).toBe(true);
  });
  it.each(["", "重庆知识产权运营", "江北知识产权运营公共服务", "江北知识产权运营中心", "某网站"])(
    "%j is not",
    (text) => {
      expect(isNamedPlatform(text, policy)).toBe(false);
    },
  );
  it("takes the names from the policy", () => {
    const other = { ...policy, openLicencePlatforms: { ...policy.openLicencePlatforms, names: ["某网站"] } };
    expect(isNamedPlatform("某网站", other)).toBe(true);
    expect(isNamedPlatform("重庆知识产权运营中心", other)).toBe(false);
  });
});

describe("parseRecipientIdentity (§2 step 4)", () => {
  it("uses the credit code when there is one", () => {
    expect(parseRecipientIdentity("甲公司", "91350100M000100Y43")).toBe("code:91350100M000100Y43");
    expect(parseRecipientIdentity("乙公司", " 91350100m000100y43 ")).toBe("code:91350100M000100Y43");
  });
  it("one unit whether its code is written with spaces, in lower case, or as printed", () => {
    expect(parseRecipientIdentity("甲公司", "9135 0100 m000 100y 43")).toBe("code:91350100M000100Y43");
    expect(parseRecipientIdentity("甲公司", "9135\u00a00100\u3000M000100Y44")).toBe("code:91350100M000100Y44");
  });
  it("a code of the right form but a wrong check character still identifies the unit", () => {
    expect(parseRecipientIdentity("甲公司", "91350100M000100Y44")).toBe("code:91350100M000100Y44");
  });
  it("falls back to the normalised name without a well-formed code", () => {
    expect(parseRecipientIdentity(" 重庆ＡＢＣ（渝北）  有限公司 ")).toBe("name:重庆ABC(渝北)有限公司");
    expect(parseRecipientIdentity("重庆ABC(渝北) 有限公司", "")).toBe("name:重庆ABC(渝北)有限公司");
    expect(parseRecipientIdentity("甲公司", "123")).toBe("name:甲公司");
  });
  it("有限责任公司 and 有限公司 are different units (§6)", () => {
    expect(parseRecipientIdentity("甲有限责任公司")).not.toBe(parseRecipientIdentity("甲有限公司"));
  });
});
