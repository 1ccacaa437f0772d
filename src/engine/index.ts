/** The engine: pure functions from ledger rows and a policy to exact, explained payouts. */
export * from "./types";
export { balance, ITEM_AMOUNTS } from "./balance";
export { parseClaim } from "./claim";
export { Money, STEP_PLACES, sumMoney, toMoney } from "./money";
export { proRata, roundMoney, floorMoney, roundingTarget } from "./apportion";
export { rateFor, pledgeAward, unitCapLeft, capToUnit, fixedAward, RuleError, MODE_NAMES } from "./award";
export { reason, locate } from "./reasons";
export * from "./values";
export * from "./patentNumber";
export * from "./creditCode";
export * from "./classify";
export * from "./publicity";
export * from "./targets";
export * from "./support";
