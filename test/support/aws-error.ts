/**
 * An error as the SDK throws it for an AWS error answer: `name` is AWS's code, with the HTTP status. For
 * aws-sdk-client-mock's `rejects`, so core classifies it as it would a real one.
 *
 * @example
 * ec2.on(AssociateAddressCommand).rejects(awsError("DryRunOperation", 412));
 */
export const awsError = (code: string, status: number) =>
  Object.assign(new Error(code), { name: code, $metadata: { httpStatusCode: status } });
