/**
 * The deployed stack's name unless --stack says otherwise: serverless.yml's `service` and the default stage
 * (`eip-failover` + `dev`), as `sls deploy` names it.
 */
export const DEFAULT_STACK = "eip-failover-dev";

/** The logical ids serverless.yml gives the resources the operator's command reads. */
export const LogicalIds = {
  deadLetters: "FailoverDeadLetters",
  decisions: "FailoverDecisions",
  dashboard: "FailoverDashboard",
  history: "FailoverHistory",
  function: "FailoverLambdaFunction",
  instanceFailureRule: "InstanceFailureRule",
  statusAlarmRule: "StatusAlarmRule",
} as const;

/** Both EventBridge rules that start a failover decision, by logical id. */
export const RULES = [LogicalIds.instanceFailureRule, LogicalIds.statusAlarmRule] as const;

/** The stack outputs the command reads (serverless.yml `Outputs`, functions/stack/node-roles.cjs). */
export const Outputs = {
  configPrefix: "ConfigPrefix",
  deadLetterQueueUrl: "DeadLetterQueueUrl",
  decisionsQueueUrl: "DecisionsQueueUrl",
  historyLogGroup: "HistoryLogGroup",
} as const;

/**
 * The status alarms' name prefix: serverless.yml `custom.alarmPrefix`, `${service}-${stage}-status-`, which
 * is the stack's name followed by `-status-`. The alarm of member I is `${prefix}${I}`.
 *
 * @example
 * alarmPrefixOf("eip-failover-dev") // "eip-failover-dev-status-"
 */
export const alarmPrefixOf = (stack: string) => `${stack}-status-`;
