/** What the command knows of the deployed stack, from CloudFormation. Undefined: the stack lacks it. */
export interface StackResources {
  readonly stackName: string;
  /** The account the stack lives in (from its ARN); undefined when CloudFormation did not say. */
  readonly account?: string;
  /** Where the cluster documents live (output ConfigPrefix, ends with "/"). */
  readonly configPrefix: string;
  /** Status alarms are named this followed by the member's instance id. */
  readonly alarmPrefix: string;
  readonly functionName?: string;
  readonly deadLetterQueueUrl?: string;
  /** Where failure events wait for a decision (output DecisionsQueueUrl); `dlq --redrive` sends them back here. */
  readonly decisionsQueueUrl?: string;
  /**
   * The failover history's log group (output HistoryLogGroup, functions/stack/history.cjs); undefined when the stack
   * predates it.
   */
  readonly historyLogGroup?: string;
  /** The stack's CloudWatch dashboard's name (functions/stack/dashboard.cjs: the stack's name). */
  readonly dashboardName: string;
  /** Rule names by logical id (InstanceFailureRule, StatusAlarmRule); a missing key: not in the stack. */
  readonly rules: Readonly<Record<string, string>>;
  /** Node instance profile names by logical id (`NodeInstanceProfile<Name>`, see {@link profileKeyOf}). */
  readonly nodeProfiles: Readonly<Record<string, string>>;
}
