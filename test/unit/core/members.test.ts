import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../core/deadline.ts";
import type { EipError } from "../../../core/errors.ts";
import { observeMembers } from "../../../core/members.ts";
import { ec2Error, fakeEc2 } from "../../support/fake-ec2.ts";

const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

describe("observeMembers: what EC2 says of each member, as plain data", () => {
  it("reads an unknown or missing state as pending, a missing AZ as '', and needs both checks ok", async () => {
    // Prepare
    const { ec2 } = fakeEc2({
      DescribeInstanceStatus: () => ({
        InstanceStatuses: [
          {
            InstanceId: "i-1",
            InstanceState: { Name: "rebooting" },
            InstanceStatus: { Status: "ok" },
            SystemStatus: { Status: "impaired" },
          },
          { InstanceId: "i-2", InstanceStatus: { Status: "impaired" }, SystemStatus: { Status: "ok" } },
          { InstanceState: { Name: "running" } },
          { InstanceId: "i-3", InstanceState: { Name: "stopping" }, AvailabilityZone: "ap-northeast-1a" },
        ],
      }),
    });
    // Act / Assess
    expect(await observeMembers(ec2, ["i-1", "i-2", "i-3"], options())).toEqual([
      { instanceId: "i-1", state: "pending", availabilityZone: "", statusOk: false },
      { instanceId: "i-2", state: "pending", availabilityZone: "", statusOk: false },
      { instanceId: "i-3", state: "stopping", availabilityZone: "ap-northeast-1a", statusOk: false },
    ]);
  });

  it("dates an impairment by the earliest ImpairedSince of either check, and leaves it out when EC2 dates none", async () => {
    // Prepare
    const at = (iso: string) => new Date(iso);
    const { ec2 } = fakeEc2({
      DescribeInstanceStatus: () => ({
        InstanceStatuses: [
          {
            InstanceId: "i-1",
            InstanceState: { Name: "running" },
            InstanceStatus: {
              Status: "impaired",
              Details: [{ Name: "reachability", ImpairedSince: at("2026-11-30T05:02:00Z") }],
            },
            SystemStatus: {
              Status: "impaired",
              Details: [{ Name: "reachability", ImpairedSince: at("2026-11-30T05:01:00Z") }],
            },
          },
          {
            InstanceId: "i-2",
            InstanceState: { Name: "running" },
            InstanceStatus: { Status: "impaired", Details: [{ Name: "reachability", Status: "failed" }] },
          },
        ],
      }),
    });
    // Act
    const health = await observeMembers(ec2, ["i-1", "i-2"], options());
    // Assess: i-2 has no system check reported at all, which is not ok either
    expect(health).toEqual([
      {
        instanceId: "i-1",
        state: "running",
        availabilityZone: "",
        statusOk: false,
        impairedSince: Date.parse("2026-11-30T05:01:00Z"),
      },
      { instanceId: "i-2", state: "running", availabilityZone: "", statusOk: false },
    ]);
  });

  it("no InstanceStatuses at all is no member reported", async () => {
    const { ec2 } = fakeEc2({ DescribeInstanceStatus: () => ({}) });
    expect(await observeMembers(ec2, ["i-1"], options())).toEqual([]);
  });

  it("a single member that no longer exists is simply absent, asked once", async () => {
    // Prepare
    const { ec2, calls } = fakeEc2({
      DescribeInstanceStatus: () => {
        throw ec2Error("InvalidInstanceID.NotFound");
      },
    });
    // Act / Assess
    expect(await observeMembers(ec2, ["i-1"], options())).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it("any other failure stands, naming every instance asked about", async () => {
    // Prepare
    const { ec2, calls } = fakeEc2({
      DescribeInstanceStatus: () => {
        throw ec2Error("InvalidInstanceID.Malformed");
      },
    });
    // Act
    const error = (await observeMembers(ec2, ["i-1", "i-2"], options()).catch((e) => e)) as EipError;
    // Assess
    expect(error.reason).toBe("target-refused");
    expect(error.context).toMatchObject({ action: "DescribeInstanceStatus", instanceId: "i-1,i-2" });
    expect(calls).toHaveLength(1);
  });
});
