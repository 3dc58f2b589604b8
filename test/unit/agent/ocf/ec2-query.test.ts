import { describe, expect, it } from "vitest";
import { decodeXml, ec2Endpoint, ec2Error, textOf } from "../../../../agent/ocf/ec2-query.ts";
import { classify } from "../../../../core/classify.ts";
import {
  ConfigurationError,
  ErrorReasons,
  PermissionError,
  TransientError,
} from "../../../../core/errors.ts";

// The SDK-free EC2 call's pure parts: which endpoint the SDK would use, and errors that core classifies as it
// classifies the SDK's.

describe("ec2Endpoint", () => {
  it.each([
    [{}, "ap-northeast-1", "https://ec2.ap-northeast-1.amazonaws.com/"],
    [{}, "us-gov-west-1", "https://ec2.us-gov-west-1.amazonaws.com/"],
    [{ AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }, "ap-northeast-1", "http://127.0.0.1:4566/"],
    [{ AWS_ENDPOINT_URL: "http://a:1", AWS_ENDPOINT_URL_EC2: "http://b:2" }, "eu-west-1", "http://b:2/"],
    [
      { AWS_ENDPOINT_URL: "http://a:1", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
      "eu-west-1",
      "https://ec2.eu-west-1.amazonaws.com/",
    ],
  ])("%j in %s: %s", (env, region, url) => {
    expect(ec2Endpoint(env, region)?.href).toBe(url);
  });

  it.each([
    [{ AWS_USE_FIPS_ENDPOINT: "true" }, "us-east-1"],
    [{ AWS_USE_DUALSTACK_ENDPOINT: "TRUE" }, "us-east-1"],
    [{}, "cn-north-1"],
    [{}, "us-isob-east-1"],
    [{}, "not a region"],
    [{ AWS_ENDPOINT_URL: "::not a url" }, "us-east-1"],
  ])("%j in %s: left to the SDK", (env, region) => {
    expect(ec2Endpoint(env, region)).toBeUndefined();
  });
});

describe("EC2's XML answers", () => {
  it("reads a tag's text with its entities decoded", () => {
    expect(textOf("<a><Message>x &amp; y &lt;z&gt; &#39;q&#x27; &quot;</Message></a>", "Message")).toBe(
      `x & y <z> 'q' "`,
    );
    expect(textOf("<a/>", "Message")).toBeUndefined();
    expect(decodeXml("&apos;&#x1F600;")).toBe("'😀");
  });

  const ERROR = (code: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>why &quot;it&quot;</Message></Error></Errors><RequestID>req-1</RequestID></Response>`;

  it("an error is named by its code and carries the status, as the SDK's", () => {
    const e = ec2Error(400, ERROR("InvalidAllocationID.NotFound")) as Error & Record<string, unknown>;
    expect(e.name).toBe("InvalidAllocationID.NotFound");
    expect(e.message).toBe('why "it"');
    expect(e.$fault).toBe("client");
    expect(e.$metadata).toEqual({ httpStatusCode: 400, requestId: "req-1" });
  });

  it.each([
    [400, "InvalidAllocationID.NotFound", ConfigurationError, ErrorReasons.notFound],
    [400, "InvalidParameterValue", ConfigurationError, ErrorReasons.targetRefused],
    [403, "UnauthorizedOperation", PermissionError, undefined],
    [401, "AuthFailure", PermissionError, undefined],
    [503, "RequestLimitExceeded", TransientError, ErrorReasons.throttled],
    [503, "Unavailable", TransientError, ErrorReasons.unavailable],
    [500, "InternalError", TransientError, ErrorReasons.unavailable],
  ])("HTTP %i %s classifies as %o", (status, code, kind, reason) => {
    const classified = classify(ec2Error(status, ERROR(code)), {
      action: "DescribeAddresses",
      allocationId: "eipalloc-1",
    });
    expect(classified).toBeInstanceOf(kind);
    if (reason) expect((classified as TransientError).reason).toBe(reason);
  });

  it("an answer with no error document still fails by its status", () => {
    const e = ec2Error(502, "<html>bad gateway</html>");
    expect(e.name).toBe("HTTP502");
    expect(classify(e, {})).toBeInstanceOf(TransientError);
    expect(classify(ec2Error(400, ""), {})).toBeInstanceOf(ConfigurationError);
  });
});
