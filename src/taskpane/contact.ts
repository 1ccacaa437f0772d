/**
 * The contact for objections (§四(二) 公示) as the pane asks for it — 联系人, 电话, 地址 in three fields — and as the
 * run takes it: one free-text line, `联系人=张三;电话=023-67800000;地址=…`, the form `--contact` also accepts.
 */

/** The three parts, in the order the line holds them; the keys are Chinese in both languages (the line's format). */
export const CONTACT_KEYS = ["联系人", "电话", "地址"] as const;

export type ContactParts = Record<(typeof CONTACT_KEYS)[number], string>;

/**
 * The fields → the line; the parts left empty are left out, and no part at all is no contact. A `;` typed in a part
 * becomes `；`, so the line splits back into the same parts.
 */
export function joinContact(parts: ContactParts): string | undefined {
  const line = CONTACT_KEYS.map((k) => [k, parts[k].trim().replace(/;/g, "；")])
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}=${v}`)
    .join(";");
  return line === "" ? undefined : line;
}

/**
 * A saved line → the fields. A line not in the `key=value;…` form (typed free, as the command takes it) goes whole
 * into 联系人, so nothing the clerk wrote is lost.
 */
export function splitContact(line: string | undefined): ContactParts {
  const parts: ContactParts = { 联系人: "", 电话: "", 地址: "" };
  if (!line) return parts;
  const pairs = line.split(";").map((p) => /^([^=]+)=(.*)$/s.exec(p));
  const keyed = pairs.every((m) => m && (CONTACT_KEYS as readonly string[]).includes(m[1].trim()));
  if (!keyed) {
    parts.联系人 = line;
    return parts;
  }
  for (const m of pairs) parts[m![1].trim() as keyof ContactParts] = m![2];
  return parts;
}
