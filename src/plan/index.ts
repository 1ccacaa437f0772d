/** One balance pipeline for the command and the task pane (issue 9): see plan.ts. */
export {
  balanceOptions,
  balancePrepared,
  planBalance,
  prepare,
  runPolicy,
  publicityEndOf,
  PRIOR_SHEET,
  type BalancedPlan,
  type Blocking,
  type EarlierFile,
  type Message,
  type Plan,
  type Prepared,
  type RunChoices,
  type RunFacts,
  type RunOptions,
} from "./plan";
export {
  changesLine,
  changesTable,
  compareRuns,
  readEarlierResult,
  type Changes,
  type EarlierResult,
  type EarlierRow,
  type Flow,
  type ItemChange,
  type RowChange,
  type RowState,
  type ThisRun,
} from "./changes";
export {
  explainRow,
  explanationText,
  recordedRun,
  writtenPayout,
  type ExplainLine,
  type RecordedRun,
  type RowExplanation,
} from "./explain";
export { beforeItems, type BeforeItem } from "./year";
