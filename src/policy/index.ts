/** The policies shipped with the product; `loadPolicy` reads another notice's file. */
import yubei2024 from "./yubei-2024-12.json";
import { readPolicy, type Policy } from "./policy";

export * from "./policy";
export { parsePolicyJson } from "./json";

/** The notice in force: 渝北市监〔2024〕12号. */
export function defaultPolicy(): Policy {
  return readPolicy(yubei2024);
}
