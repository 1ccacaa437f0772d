/**
 * What the pane's chunk (pane.js) holds, through this one module: the pane, and the ribbon's balance. Both of the
 * add-in's `import()`s name it, so every module of the chunk has one way in and webpack can join them into one
 * scope (two ways in kept each module apart, with its own wrapper and export table).
 */
export { startPane } from "./taskpane";
export { langOf } from "./i18n";
export { balanceRunning, balanceWorkbook, oneBalanceAtATime, parseSaved } from "../excel";
