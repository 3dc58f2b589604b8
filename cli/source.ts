/**
 * Where a command looked: a real account (its id, the Region, the stack), or the embedded region. Every human
 * output starts with {@link sourceLine}; every JSON document carries it as `source`.
 */
export type Source =
  | { readonly kind: "embedded" }
  | {
      readonly kind: "account";
      /** The account id, from the stack's ARN; undefined when CloudFormation did not say. */
      readonly account: string | undefined;
      readonly region: string;
      readonly stack: string;
    };

/** The embedded region's source (moto started for this command: never an AWS account). */
export const EMBEDDED_SOURCE: Source = { kind: "embedded" };

/**
 * Where it looked, in words. Pure.
 *
 * @example
 * sourceText({ kind: "account", account: "123456789012", region: "ap-northeast-1", stack: "eip-failover-dev" })
 * // "account 123456789012, Region ap-northeast-1, stack eip-failover-dev"
 */
export function sourceText(source: Source): string {
  if (source.kind === "embedded") return "the embedded region (started for this command; not an AWS account)";
  return `account ${source.account ?? "(unknown)"}, Region ${source.region}, stack ${source.stack}`;
}

/** The first line of every human output: `looked at: …`. Pure. */
export const sourceLine = (source: Source) => `looked at: ${sourceText(source)}`;

/**
 * The account id in an ARN (`arn:aws:cloudformation:ap-northeast-1:123456789012:stack/…`); undefined when the
 * value is not an ARN with one. Pure.
 */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
