/** The policies shipped with the product; `loadPolicy` reads another notice's file. */
export * from "./policy";
export { defaultPolicy } from "./default";
export { parsePolicyJson } from "./json";
