import { contactSentence, parseContact } from "../../src/report/contact";

describe("where objections to 公示名单 go", () => {
  test("联系人=…;电话=…;地址=… is read into its parts, in the order a notice gives them", () => {
    const c = parseContact("地址=重庆市渝北区双龙大道1号；联系人=张三; 电话＝023-67800000");
    expect(c).toEqual({ person: "张三", phone: "023-67800000", address: "重庆市渝北区双龙大道1号" });
    expect(contactSentence(c, "zh")).toBe("联系人：张三；联系电话：023-67800000；地址：重庆市渝北区双龙大道1号。");
    expect(contactSentence(parseContact("contact=Zhang San;tel=023-67800000"), "en")).toBe(
      "Contact: Zhang San; Telephone: 023-67800000.",
    );
  });

  test("anything else is kept whole, as typed", () => {
    expect(parseContact(" 张三 023-67800000 ")).toEqual({ text: "张三 023-67800000" });
    // One part that is no key=value keeps the whole text: nothing the clerk wrote is dropped.
    expect(parseContact("联系人=张三;工作日 9:00–17:00")).toEqual({ text: "联系人=张三;工作日 9:00–17:00" });
    expect(contactSentence({ text: "张三 023-67800000" }, "zh")).toBe("联系方式：张三 023-67800000。");
  });
});
