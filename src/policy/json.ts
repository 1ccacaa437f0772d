/**
 * A policy file's text → JSON. JSON.parse keeps the later of two equal keys without a word, so a file giving P4
 * `perUnitCap` twice (200,000, then 2,000,000) would pay by the second: a key given twice in one object is refused,
 * naming it and where it stands. A reviver cannot see this (it gets the object already merged), so the text is
 * scanned.
 */
import { PolicyError } from "./policy";

/** Where the scanner stands: in an object (its keys so far, the last one) or in an array (the element's index). */
interface Frame {
  path: string;
  keys?: Set<string>;
  key?: string;
  index: number;
}

/** Parses a policy file's text; a SyntaxError for text that is no JSON, a PolicyError for a key given twice. */
export function parsePolicyJson(text: string): unknown {
  const json: unknown = JSON.parse(text);
  const twice = keyGivenTwice(text);
  if (twice) {
    throw new PolicyError(twice.path, {
      zh: `键“${twice.key}”在同一对象中出现两次，请只保留一个`,
      en: `the key "${twice.key}" is given twice in one object (JSON would keep the later one unseen): keep one`,
    });
  }
  return json;
}

/** The first key given twice in one object, with its path (`items[3].perUnitCap`), in text known to be JSON. */
function keyGivenTwice(text: string): { key: string; path: string } | undefined {
  // A stack, not recursion: a file nested a million deep must not overflow the call stack.
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { key, path: pathOf(top.path, key) };
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      const path = top === undefined ? "" : top.keys ? pathOf(top.path, top.key!) : `${top.path}[${top.index}]`;
      stack.push(c === "{" ? { path, keys: new Set(), index: 0 } : { path, index: 0 });
      expectKey = c === "{";
    } else if (c === ",") {
      if (top.keys) expectKey = true;
      else top.index++;
    } else if (c === "}" || c === "]") stack.pop();
  }
  return undefined;
}

function pathOf(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
