/**
 * The command's `--json` as UTF-8 pieces of about 1 MB, made as the file is written: the bytes of
 * `JSON.stringify(value, null, 2) + "\n"`, each array of the top-level object stringified an element at a time. Made
 * whole, the JSON of 300,000 rows is a string of 245 M characters and its bytes again, both held while written; past
 * ~650,000 rows it is longer than V8's longest string (docs/PERFORMANCE.md "Issue 19: 1,000,000 rows").
 */
const PIECE = 1 << 20;

/** A value as JSON.stringify(…, null, 2) writes it nested under `indent`. */
const nested = (value: unknown, indent: string): string =>
  (JSON.stringify(value, null, 2) ?? "null").replace(/\n/g, `\n${indent}`);

/** What JSON.stringify leaves out of an object. */
const omitted = (value: unknown) => value === undefined || typeof value === "function" || typeof value === "symbol";

function* text(value: Record<string, unknown>): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => !omitted(v));
  if (entries.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{";
  for (const [i, [key, v]] of entries.entries()) {
    yield `${i > 0 ? "," : ""}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(v) || v.length === 0) {
      yield nested(v, "  ");
      continue;
    }
    yield "[";
    for (let j = 0; j < v.length; j++) yield `${j > 0 ? "," : ""}\n    ${nested(v[j], "    ")}`;
    yield "\n  ]";
  }
  yield "\n}\n";
}

/** The pieces, each made when the writer asks for it: no more than one is held at a time. */
export function* jsonPieces(value: Record<string, unknown>): Generator<Uint8Array> {
  let piece = "";
  for (const part of text(value)) {
    piece += part;
    if (piece.length >= PIECE) {
      yield Buffer.from(piece, "utf8");
      piece = "";
    }
  }
  if (piece.length > 0) yield Buffer.from(piece, "utf8");
}
