/**
 * The names in an OLE2 compound file's directory ([MS-CFB]): what tells an .xlsx with a password to open (its
 * EncryptionInfo and EncryptedPackage streams) from an old .xls (Workbook) or a Word document. The directory is
 * followed sector by sector through the file allocation table, wherever in the file it lies — a large encrypted
 * workbook keeps it past its first megabyte, spread over several sectors (issue 16 item 6).
 */

/** A sector number that ends a chain, or marks a free or special sector: every value from here up. */
const LAST_REGULAR = 0xfffffffa;
/** FAT sectors the header lists itself; more are listed in DIFAT sectors. */
const HEADER_DIFAT = 109;
const ENTRY_SIZE = 128;

/**
 * Every directory entry's name, in directory order; [] when `data` is no compound file. Reading stops at a chain
 * that leaves the file or comes back on itself: a damaged file gives the names found up to there.
 */
export function cfbEntryNames(data: Uint8Array): string[] {
  if (data.length < 512) return [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const shift = u16(0x1e);
  if (shift !== 9 && shift !== 12) return [];
  const size = 1 << shift;
  const sectors = Math.floor(data.length / size) - 1;
  const at = (sector: number) => (sector + 1) * size;
  const valid = (sector: number) => sector < LAST_REGULAR && sector < sectors;

  // The FAT's own sectors: the header's first 109, then chained DIFAT sectors (the last entry of each the next).
  const fatSectors: number[] = [];
  const fatCount = u32(0x2c);
  for (let i = 0; i < Math.min(fatCount, HEADER_DIFAT); i++) fatSectors.push(u32(0x4c + 4 * i));
  const perDifat = size / 4 - 1;
  const seenDifat = new Set<number>();
  for (let d = u32(0x44); valid(d) && !seenDifat.has(d) && fatSectors.length < fatCount;) {
    seenDifat.add(d);
    for (let i = 0; i < perDifat && fatSectors.length < fatCount; i++) fatSectors.push(u32(at(d) + 4 * i));
    d = u32(at(d) + 4 * perDifat);
  }
  const perFat = size / 4;
  const next = (sector: number): number => {
    const fat = fatSectors[Math.floor(sector / perFat)];
    return fat !== undefined && valid(fat) ? u32(at(fat) + 4 * (sector % perFat)) : LAST_REGULAR;
  };

  const utf16 = new TextDecoder("utf-16le");
  const names: string[] = [];
  const seen = new Set<number>();
  for (let s = u32(0x30); valid(s) && !seen.has(s); s = next(s)) {
    seen.add(s);
    for (let e = at(s); e + ENTRY_SIZE <= at(s) + size; e += ENTRY_SIZE) {
      // The name's length in bytes, its closing NUL included; 0 for an unused entry.
      const length = u16(e + 0x40);
      if (length >= 2 && length <= 64) names.push(utf16.decode(data.subarray(e, e + length - 2)));
    }
  }
  return names;
}
