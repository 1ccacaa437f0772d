/**
 * The browser's part of a balance (src/xlsx/balance.ts), as node.ts is Node's: raw deflate through the platform's
 * DecompressionStream, SHA-256 through crypto.subtle. Nothing here reaches the network.
 */
import type { Platform } from "../xlsx/balance";
import type { Inflate } from "../xlsx/zip";

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

async function sha256(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const BROWSER: Platform = { inflate, sha256 };
