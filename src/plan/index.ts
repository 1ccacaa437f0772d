/** One balance pipeline for the command and the task pane (issue 9): see plan.ts. */
export {
  balanceOptions,
  balancePrepared,
  planBalance,
  prepare,
  runPolicy,
  withPublicity,
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
