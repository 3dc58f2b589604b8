import type { EC2Client } from "@aws-sdk/client-ec2";

/** How a fake EC2 answers one action (`DescribeAddresses`, …): a value, or a throw. */
export type FakeAnswer = (input: Record<string, unknown>, abortSignal?: AbortSignal) => unknown;

/**
 * An EC2 client for unit tests that need no sinon: each action answers through `answers` (an action without
 * one throws), and every call is recorded as "Action" and its input, in order.
 */
export function fakeEc2(
  answers: Readonly<Record<string, FakeAnswer>>,
  region: () => Promise<string> = async () => "ap-northeast-1",
) {
  const calls: { action: string; input: Record<string, unknown> }[] = [];
  const client = {
    config: { region },
    send: async (
      command: { constructor: { name: string }; input: Record<string, unknown> },
      options?: { abortSignal?: AbortSignal },
    ) => {
      const action = command.constructor.name.replace(/Command$/, "");
      calls.push({ action, input: command.input });
      const answer = answers[action];
      if (!answer) throw new Error(`fake EC2: no answer for ${action}`);
      return answer(command.input, options?.abortSignal);
    },
  };
  return { ec2: client as unknown as EC2Client, calls };
}

/** An error as the SDK throws it for EC2's `code`, with its HTTP status. */
export const ec2Error = (code: string, status = 400) =>
  Object.assign(new Error(`${code} happened`), { name: code, $metadata: { httpStatusCode: status } });
