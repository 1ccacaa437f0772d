/**
 * The browser's part of a balance (src/xlsx/balance.ts), as node.ts is Node's: raw deflate through the platform's
 * DecompressionStream and CompressionStream, SHA-256 through crypto.subtle. Nothing here reaches the network.
 */
import type { Platform } from "../xlsx/balance";
import { crc32 } from "../xlsx/crc32";
import type { Deflate, Inflate } from "../xlsx/zip";

/**
 * Each piece as the stream gives it; `take` throwing cancels the stream and rejects with what it threw. (The bytes
 * are never a SharedArrayBuffer's: a page without cross-origin isolation has none.)
 */
const inflate: Inflate = async (compressed, take) => {
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    try {
      take(value);
    } catch (e) {
      await reader.cancel();
      throw e;
    }
  }
};

/**
 * A written part deflated a piece at a time by the browser's own zlib, as it is made (jszip's deflate is script, several
 * times slower); the CRC-32 is crc32.ts's, the browser lending none.
 */
const deflate: Deflate = () => {
  const stream = new CompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const compressed = new Response(stream.readable).arrayBuffer();
  // A failed write rejects `close` too, which `end` awaits.
  const wrote = (done: Promise<void>) => void done.catch(() => undefined);
  let crc = 0;
  let size = 0;
  return {
    write: async (piece) => {
      crc = crc32(piece, crc);
      size += piece.length;
      // The stream takes a piece when it has finished the one before.
      await writer.ready;
      wrote(writer.write(piece as Uint8Array<ArrayBuffer>));
    },
    end: async () => {
      await writer.close();
      return { compressed: new Uint8Array(await compressed), crc32: crc, size };
    },
  };
};

async function sha256(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const BROWSER: Platform = { inflate, deflate, sha256 };
