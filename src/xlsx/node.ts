/**
 * The package layer's one tie to Node (STYLE.md, "The format apart from the platform"): the inflater zip.ts,
 * package.ts, read.ts and save.ts are given, the deflater the result's written parts are packed with, and the SHA-256
 * of an input. The offline page passes its own (src/offline/browser.ts: DecompressionStream and CompressionStream
 * ("deflate-raw"), crypto.subtle) instead.
 */
import { createHash } from "crypto";
import * as zlib from "zlib";
import { constants, createDeflateRaw, createInflateRaw, inflateRawSync, type ZlibOptions } from "zlib";
import type { Platform } from "./balance";
import { crc32 as portableCrc32 } from "./crc32";
import type { Deflate, Inflate } from "./zip";
import { COMMAND_LIMIT } from "../ledger/limits";

/** zlib's native CRC-32 came in Node 20.15 (`engines` says 20): the portable one before it. */
const crc32: (data: Uint8Array, crc: number) => number = typeof zlib.crc32 === "function" ? zlib.crc32 : portableCrc32;

/**
 * Input this small inflates to at most ~66 MB (deflate's ratio is at most 1032:1): inflated at once, which spares a
 * stream per part on a package of thousands of small parts.
 */
const AT_ONCE = 64 * 1024;

/**
 * Input up to this size is inflated at once too, up to WHOLE bytes of output, and handed on in pieces of PIECE: the
 * stream's pieces each came back to the main thread from libuv's, which waited in between (a 50k-row ledger's sheets
 * are inflated several times between the check, the read and the write: ~0.15 s idle in a read of them). A part
 * that inflates to more (a large ledger, or a bomb) goes to the stream, where `take` can stop it.
 */
const SYNC_INPUT = 4 << 20;
const WHOLE = 64 << 20;
const PIECE = 64 * 1024;

/** What a part's deflate may have queued before its writer waits: a few of the writers' ~1 MB pieces. */
const QUEUED = 4 << 20;

/** Node's zlib, as a stream a piece at a time for anything larger: `take` throwing stops it where it is. */
export const inflate: Inflate = async (compressed, take) => {
  if (compressed.length <= AT_ONCE) return take(inflateRawSync(compressed));
  const whole = compressed.length <= SYNC_INPUT ? inflatedUpTo(compressed, WHOLE) : undefined;
  if (whole) {
    for (let at = 0; at < whole.length; at += PIECE) take(whole.subarray(at, at + PIECE));
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createInflateRaw({ chunkSize: 64 * 1024 });
    stream.on("data", (piece: Buffer) => {
      try {
        take(piece);
      } catch (e) {
        stream.destroy();
        reject(e);
      }
    });
    stream.on("end", () => resolve());
    stream.on("error", reject);
    stream.end(compressed);
  });
};

/** The part inflated whole, or undefined if it inflates to more than `most` bytes. */
function inflatedUpTo(compressed: Uint8Array, most: number): Buffer | undefined {
  try {
    return inflateRawSync(compressed, { maxOutputLength: most });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return undefined;
    throw e;
  }
}

/**
 * Node's zlib at its fastest level, as the result was always packed: a 50k-row result sooner, in a larger file. The
 * part is deflated on libuv's thread while the main thread makes its next piece, up to QUEUED bytes ahead; the CRC-32
 * is zlib's too, taken on the main thread as each piece is written.
 */
export const deflate: Deflate = (expected) => {
  // Output up to a megabyte at a time: at zlib's 16 KB each piece is a round trip to the main thread.
  const chunkSize = Math.min(1 << 20, Math.max(16 * 1024, expected ?? 1 << 20));
  // zlib hands its options to the stream it is (Node's types leave the stream's out).
  const options: ZlibOptions & { writableHighWaterMark: number } = {
    level: constants.Z_BEST_SPEED,
    chunkSize,
    writableHighWaterMark: QUEUED,
  };
  const stream = createDeflateRaw(options);
  const out: Buffer[] = [];
  const compressed = new Promise<Uint8Array>((resolve, reject) => {
    stream.on("data", (piece: Buffer) => out.push(piece));
    stream.on("end", () => resolve(out.length === 1 ? out[0] : Buffer.concat(out)));
    stream.on("error", reject);
  });
  let crc = 0;
  let size = 0;
  return {
    write: (piece) => {
      crc = crc32(piece, crc);
      size += piece.length;
      if (stream.write(piece)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const failed = (e: Error) => reject(e);
        stream.once("error", failed);
        stream.once("drain", () => {
          stream.off("error", failed);
          resolve();
        });
      });
    },
    end: async () => {
      stream.end();
      return { compressed: await compressed, crc32: crc, size };
    },
  };
};

/** Node's part of a balance (src/xlsx/balance.ts): its zlib, and its crypto for the input's SHA-256. */
export const NODE: Platform = {
  inflate,
  deflate,
  sha256: (data) => Promise.resolve(createHash("sha256").update(data).digest("hex")),
  limit: COMMAND_LIMIT,
};
