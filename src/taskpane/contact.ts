/**
 * The contact for objections (§四(二) 公示) as the pane asks for it — 联系人, 电话, 地址 in three fields — and as the
 * run takes it: one free-text line, `联系人=张三;电话=023-67800000;地址=…`, the form `--contact` also accepts. The line
 * is read back by the run's own reader (src/report/contact.ts `parseContact`), so the pane shows what the list prints.
 */
import { parseContact } from "../report/contact";

/** The three parts, in the order the line holds them; the keys are Chinese in both languages (the line's format). */
export const CONTACT_KEYS = ["联系人", "电话", "地址"] as const;

export type ContactParts = Record<(typeof CONTACT_KEYS)[number], string>;

/**
 * The fields → the line; the parts left empty are left out, and no part at all is no contact. A `;` or `；` typed in
 * a part (both separate parts in the line) becomes `，`, so the line splits back into the same parts.
 */
export function joinContact(parts: ContactParts): string | undefined {
  const line = CONTACT_KEYS.map((k) => [k, parts[k].trim().replace(/[;；]/g, "，")])
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}=${v}`)
    .join(";");
  return line === "" ? undefined : line;
}

/**
 * A saved line → the fields, as the run reads it. A line not in the `key=value;…` form (typed free, as the command
 * takes it) goes whole into 联系人, so nothing the clerk wrote is lost.
 */
export function splitContact(line: string | undefined): ContactParts {
  const contact = parseContact(line ?? "");
  if ("text" in contact) return { 联系人: contact.text, 电话: "", 地址: "" };
  return { 联系人: contact.person ?? "", 电话: contact.phone ?? "", 地址: contact.address ?? "" };
}
