/** A1 addresses as Excel writes them, for the fake. */
import { MAX_COLUMNS, MAX_ROWS, type Rect } from "./model";

export function letters(column: number): string {
  let s = "";
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnIndex(name: string): number {
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel quotes a sheet name in an address unless it is letters, digits and underscores. */
export function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Whole rows as Excel writes them (`1:5`), whole columns (`A:C`), else cells (`A1`, `B2:D9`). */
export function rectAddress(rect: Rect): string {
  if (rect.column === 0 && rect.columns === MAX_COLUMNS) return `${rect.row + 1}:${rect.row + rect.rows}`;
  if (rect.row === 0 && rect.rows === MAX_ROWS)
    return `${letters(rect.column)}:${letters(rect.column + rect.columns - 1)}`;
  const tl = `${letters(rect.column)}${rect.row + 1}`;
  if (rect.rows === 1 && rect.columns === 1) return tl;
  return `${tl}:${letters(rect.column + rect.columns - 1)}${rect.row + rect.rows}`;
}

export function fullAddress(sheet: string, rect: Rect): string {
  return `${quoteSheet(sheet)}!${rectAddress(rect)}`;
}

/** `A1`, `B2:D9`, `A:C`, `3:5`, with an optional `Sheet!` prefix (ignored: the range's sheet wins). */
export function parseAddress(address: string): Rect {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [a, b = a] = bare.replace(/\$/g, "").split(":");
  const cell = /^([A-Za-z]+)(\d+)$/;
  const col = /^[A-Za-z]+$/;
  const row = /^\d+$/;
  if (cell.test(a) && cell.test(b)) {
    const [, c1, r1] = cell.exec(a)!;
    const [, c2, r2] = cell.exec(b)!;
    return box(Number(r1) - 1, columnIndex(c1), Number(r2) - 1, columnIndex(c2));
  }
  if (col.test(a) && col.test(b)) return box(0, columnIndex(a), MAX_ROWS - 1, columnIndex(b));
  if (row.test(a) && row.test(b)) return box(Number(a) - 1, 0, Number(b) - 1, MAX_COLUMNS - 1);
  throw new Error(`InvalidArgument: bad address "${address}"`);
}

function box(r1: number, c1: number, r2: number, c2: number): Rect {
  const row = Math.min(r1, r2);
  const column = Math.min(c1, c2);
  return { row, column, rows: Math.abs(r2 - r1) + 1, columns: Math.abs(c2 - c1) + 1 };
}
