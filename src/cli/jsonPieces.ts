/**
 * The command's `--json` as UTF-8 pieces of about 1 MB, made as the file is written: the bytes of
 * `JSON.stringify(value, null, 2) + "\n"`, each array of the top-level object stringified some elements at a time.
 * Made whole, the JSON of 300,000 rows is a string of 245 M characters and its bytes again, both held while written;
 * past ~650,000 rows it is longer than V8's longest string (docs/PERFORMANCE.md "Issue 19: 1,000,000 rows").
 *
 * No bidi control is written (report/safeText.ts): each piece's bytes are searched for one, and a piece that holds
 * one is made again from the value with them taken out — a result seldom holds any, and a look at each of its
 * strings cost more than the search.
 */
import { MadeAsWritten } from "../report/json";
import { safeJson, utf8HoldsBidi } from "../report/safeText";

const PIECE = 1 << 20;

/**
 * Elements of an array stringified at its depth, each on its own line after the array's `[`: the native
 * stringify of `{"a": elements}` is that text between its first line's `[` and its closing `\n  ]\n}`, so no
 * element's text is re-indented or copied.
 */
const HEAD = '{\n  "a": ['.length;
const TAIL = "\n  ]\n}".length;
const elements = (slice: unknown[]): string => {
  const s = JSON.stringify({ a: slice }, null, 2);
  return s.slice(HEAD, s.length - TAIL);
};

/** The one member of an object as written in the top-level object, `\n  "key": value`, or "" if it is left out. */
const member = (one: Record<string, unknown>): string => JSON.stringify(one, null, 2).slice(1, -2);

/** A part of the text and how it is made again without bidi controls. */
interface Part {
  text: string;
  clean(): string;
}

function* parts(value: Record<string, unknown>): Generator<Part> {
  let first = true;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const lead = first ? "{" : ",";
    const list = Array.isArray(v) || v instanceof MadeAsWritten ? v : undefined;
    if (!list || list.length === 0) {
      const text = member({ [key]: v });
      if (text === "") continue;
      first = false;
      yield { text: lead + text, clean: () => lead + member(safeJson({ [key]: v })) };
      continue;
    }
    first = false;
    // `\n  "key": [`
    const open = (one: Record<string, unknown>) => lead + member(one).slice(0, -1);
    yield { text: open({ [key]: [] }), clean: () => open(safeJson({ [key]: [] })) };
    // Rows are alike in length: the count per part is set from the last so that a part is about a piece.
    let count = 64;
    for (let at = 0; at < list.length;) {
      const slice = list.slice(at, at + count);
      const comma = at > 0 ? "," : "";
      const text = comma + elements(slice);
      yield { text, clean: () => comma + elements(safeJson(slice)) };
      at += slice.length;
      count = Math.max(1, Math.round((slice.length * PIECE) / text.length));
    }
    yield { text: "\n  ]", clean: () => "\n  ]" };
  }
  yield first ? { text: "{}\n", clean: () => "{}\n" } : { text: "\n}\n", clean: () => "\n}\n" };
}

/** The pieces, each made when the writer asks for it: no more than one is held at a time. */
export function* jsonPieces(value: Record<string, unknown>): Generator<Uint8Array> {
  let held: Buffer[] = [];
  let size = 0;
  for (const part of parts(value)) {
    let bytes = Buffer.from(part.text, "utf8");
    if (utf8HoldsBidi(bytes)) bytes = Buffer.from(part.clean(), "utf8");
    held.push(bytes);
    size += bytes.length;
    if (size >= PIECE) {
      yield held.length === 1 ? held[0] : Buffer.concat(held);
      held = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(held);
}
