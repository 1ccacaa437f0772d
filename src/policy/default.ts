/**
 * The notice in force, read from its file as any policy is. The add-in's scripts read it as the build runs instead
 * (scripts/policy-at-build.js): the same object, checked by the same `readPolicy`, without the checker in the script.
 */
import yubei2024 from "./yubei-2024-12.json";
import { readPolicy, type Policy } from "./policy";

/** The notice in force: 渝北市监〔2024〕12号. */
export function defaultPolicy(): Policy {
  return readPolicy(yubei2024);
}
