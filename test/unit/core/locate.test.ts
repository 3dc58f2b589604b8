import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../core/deadline.ts";
import { ConfigurationError } from "../../../core/errors.ts";
import { describeRef, locate, locateIn, refContext } from "../../../core/locate.ts";
import { ec2Error, fakeEc2 } from "../../support/fake-ec2.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const IP = "203.0.113.10";
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

describe("locate: one DescribeAddresses, and one message for an address that is not there", () => {
  it("names the reference by allocation id or public IP", () => {
    expect(refContext({ allocationId: ALLOC })).toEqual({ allocationId: ALLOC });
    expect(refContext({ publicIp: IP })).toEqual({ publicIp: IP });
    expect(describeRef({ allocationId: ALLOC })).toBe(ALLOC);
    expect(describeRef({ publicIp: IP })).toBe(IP);
  });

  it("returns the first entry that is an Elastic IP, skipping one EC2 gave without an allocation id", async () => {
    // Prepare
    const { ec2 } = fakeEc2({
      DescribeAddresses: () => ({
        Addresses: [{ PublicIp: "198.51.100.1" }, { AllocationId: ALLOC, PublicIp: IP, Domain: "vpc" }],
      }),
    });
    // Act / Assess
    expect(await locate(ec2, { publicIp: IP }, options())).toEqual({
      allocationId: ALLOC,
      publicIp: IP,
      domain: "vpc",
    });
  });

  it.each([
    [
      { allocationId: ALLOC },
      `allocation id not found: ${ALLOC} (is it an Elastic IP of this account in ap-northeast-1?)`,
    ],
    [{ publicIp: IP }, `public IP not found: ${IP} (is it an Elastic IP of this account in ap-northeast-1?)`],
  ])("an empty answer for %j: %s", async (ref, message) => {
    // Prepare
    const { ec2 } = fakeEc2({ DescribeAddresses: () => ({ Addresses: [] }) });
    // Act
    const error = await locate(ec2, ref, options()).catch((e: ConfigurationError) => e);
    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(message);
    expect((error as ConfigurationError).reason).toBe("not-found");
    expect((error as ConfigurationError).context).toEqual({ action: "DescribeAddresses", ...ref });
  });

  it("no Addresses at all is not found either", async () => {
    const { ec2 } = fakeEc2({ DescribeAddresses: () => ({}) });
    await expect(locate(ec2, { allocationId: ALLOC }, options())).rejects.toThrow(
      `allocation id not found: ${ALLOC}`,
    );
  });

  it("EC2's own not-found error gets the same message; a Region that cannot be read says 'this Region'", async () => {
    // Prepare
    const { ec2 } = fakeEc2(
      {
        DescribeAddresses: () => {
          throw ec2Error("InvalidAllocationID.NotFound");
        },
      },
      async () => {
        throw new Error("no region");
      },
    );
    // Act
    const error = (await locate(ec2, { allocationId: ALLOC }, options()).catch(
      (e) => e,
    )) as ConfigurationError;
    // Assess
    expect(error.message).toBe(
      `allocation id not found: ${ALLOC} (is it an Elastic IP of this account in this Region?)`,
    );
    expect(error.reason).toBe("not-found");
  });

  it("any other error stands as classified, naming the action and the address", async () => {
    // Prepare
    const { ec2, calls } = fakeEc2({
      DescribeAddresses: () => {
        throw ec2Error("UnauthorizedOperation");
      },
    });
    // Act
    const error = (await locate(ec2, { publicIp: IP }, options()).catch((e) => e)) as ConfigurationError;
    // Assess
    expect(error.kind).toBe("permission");
    expect(error.context).toMatchObject({ action: "DescribeAddresses", publicIp: IP });
    expect(calls).toEqual([{ action: "DescribeAddresses", input: { PublicIps: [IP] } }]);
  });

  it("a malformed target error is not a missing address", async () => {
    const { ec2 } = fakeEc2({
      DescribeAddresses: () => {
        throw ec2Error("InvalidAllocationID.Malformed");
      },
    });
    const error = (await locate(ec2, { allocationId: ALLOC }, options()).catch(
      (e) => e,
    )) as ConfigurationError;
    expect(error.reason).toBe("malformed");
    expect(error.message).toContain("allocation id malformed");
  });

  it("a DescribeAddresses that never answers is cut at the deadline", async () => {
    // Prepare: EC2 answers only when the call is aborted
    const { ec2 } = fakeEc2({
      DescribeAddresses: (_, signal) =>
        new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted")))),
    });
    // Act
    const error = (await locate(ec2, { allocationId: ALLOC }, { deadline: deadlineIn(300) }).catch(
      (e) => e,
    )) as ConfigurationError;
    // Assess
    expect(error.reason).toBe("deadline");
    expect(error.message).toContain("timed out: DescribeAddresses did not answer");
  });

  it("through another source (the agent's SDK-free read): its answer, its Region in the message", async () => {
    // Prepare
    const asked: unknown[] = [];
    const source = {
      read: async (input: unknown, signal: AbortSignal) => {
        asked.push({ input, signal: signal instanceof AbortSignal });
        return asked.length === 1
          ? { Addresses: [{ AllocationId: ALLOC, PublicIp: IP, Domain: "vpc" as const }] }
          : { Addresses: [] };
      },
      region: async () => "eu-central-2",
    };
    // Act
    const found = await locateIn(source, { allocationId: ALLOC }, options());
    const missing = await locateIn(source, { publicIp: IP }, options()).catch((e: ConfigurationError) => e);
    // Assess
    expect(found).toEqual({ allocationId: ALLOC, publicIp: IP, domain: "vpc" });
    expect((missing as ConfigurationError).message).toBe(
      `public IP not found: ${IP} (is it an Elastic IP of this account in eu-central-2?)`,
    );
    expect(asked).toEqual([
      { input: { AllocationIds: [ALLOC] }, signal: true },
      { input: { PublicIps: [IP] }, signal: true },
    ]);
  });
});
