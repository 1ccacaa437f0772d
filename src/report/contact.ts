/**
 * Where objections to 公示名单 go (§四(二)): the clerk's contact as typed — in the pane or with `--contact` —
 * either free text (`张三 023-67800000`) kept whole, or `联系人=张三;电话=023-67800000;地址=…` read into its parts.
 */
import type { Lang } from "../engine/types";

export type Contact = { person?: string; phone?: string; address?: string } | { text: string };

/** The keys a part may be given under, in either language. */
const KEYS: Record<string, "person" | "phone" | "address"> = {
  联系人: "person",
  contact: "person",
  person: "person",
  电话: "phone",
  联系电话: "phone",
  phone: "phone",
  tel: "phone",
  地址: "address",
  address: "address",
};

/** The contact as typed → its parts when every part is `key=value` with a known key, else the text whole. */
export function parseContact(typed: string): Contact {
  const text = typed.trim();
  const parts = text
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const parsed: { person?: string; phone?: string; address?: string } = {};
  for (const part of parts) {
    const m = /^([^=＝:：]+)[=＝]\s*(.+)$/.exec(part);
    const key = m && KEYS[m[1].trim().toLowerCase()];
    if (!m || !key) return { text };
    parsed[key] = m[2].trim();
  }
  return parts.length > 0 ? parsed : { text };
}

const WORDS = {
  zh: {
    person: "联系人",
    phone: "联系电话",
    address: "地址",
    text: "联系方式",
    colon: "：",
    separator: "；",
    end: "。",
  },
  en: {
    person: "Contact",
    phone: "Telephone",
    address: "Address",
    text: "Contact",
    colon: ": ",
    separator: "; ",
    end: ".",
  },
};

/** The sentence that follows the objections paragraph: 「联系人：张三；联系电话：023-67800000。」 */
export function contactSentence(contact: Contact, lang: Lang): string {
  const W = WORDS[lang];
  if ("text" in contact) return `${W.text}${W.colon}${contact.text}${W.end}`;
  const parts = (["person", "phone", "address"] as const)
    .filter((k) => contact[k])
    .map((k) => `${W[k]}${W.colon}${contact[k]}`);
  return `${parts.join(W.separator)}${W.end}`;
}
