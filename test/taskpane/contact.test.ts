/** The pane's three contact fields ↔ the one line the run takes (`联系人=…;电话=…;地址=…`). */
import { parseContact } from "../../src/report/contact";
import { joinContact, splitContact } from "../../src/taskpane/contact";

test("three fields make the documented line; empty ones are left out; none is no contact", () => {
  expect(joinContact({ 联系人: "张三", 电话: "023-67800000", 地址: "渝北区双龙大道 1 号" })).toBe(
    "联系人=张三;电话=023-67800000;地址=渝北区双龙大道 1 号",
  );
  expect(joinContact({ 联系人: " 张三 ", 电话: "", 地址: "" })).toBe("联系人=张三");
  expect(joinContact({ 联系人: "", 电话: " ", 地址: "" })).toBeUndefined();
});

test("the line read back, by the pane and by the list, gives the same fields, a ; or ； typed in a field included", () => {
  const parts = { 联系人: "李四", 电话: "023-1;023-2；023-3", 地址: "" };
  const line = joinContact(parts);
  expect(splitContact(line)).toEqual({ 联系人: "李四", 电话: "023-1，023-2，023-3", 地址: "" });
  expect(parseContact(line!)).toEqual({ person: "李四", phone: "023-1，023-2，023-3" });
});

test("free text (as the command takes it) stays whole in 联系人", () => {
  expect(splitContact("张三 023-67800000")).toEqual({ 联系人: "张三 023-67800000", 电话: "", 地址: "" });
  expect(splitContact("电话=1;备注=x")).toEqual({ 联系人: "电话=1;备注=x", 电话: "", 地址: "" });
  expect(splitContact(undefined)).toEqual({ 联系人: "", 电话: "", 地址: "" });
});
