import { describe, expect, it } from "vitest";
import { parseAnswer } from "../../../../agent/ocf/http1.ts";

// The hand-written HTTP/1.1 reader of the IMDSv2 client: whole answers, partial ones, and framing it refuses.
const text = (lines: string) => Buffer.from(lines);

describe("parseAnswer", () => {
  it.each([
    [
      "Content-Length",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ntoken",
      false,
      { status: 200, body: "token" },
    ],
    [
      "a 404 with no body",
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
      false,
      { status: 404, body: "" },
    ],
    [
      "chunked",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n203\r\n9\r\n.0.113.10\r\n0\r\n\r\n",
      false,
      { status: 200, body: "203.0.113.10" },
    ],
    ["no framing, closed", "HTTP/1.0 200 OK\r\n\r\nab", true, { status: 200, body: "ab" }],
    [
      "a status line with no phrase",
      "HTTP/1.1 401\r\ncontent-length: 0\r\n\r\n",
      false,
      { status: 401, body: "" },
    ],
  ])("reads an answer framed by %s", (_, raw, closed, expected) => {
    // Act / Assess
    expect(parseAnswer(text(raw), closed)).toEqual(expected);
  });

  it.each([
    ["headers still coming", "HTTP/1.1 200 OK\r\nContent-Len", false],
    ["a body shorter than Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ntok", false],
    [
      "a chunked body without its last chunk",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n",
      false,
    ],
    ["no framing, still open", "HTTP/1.0 200 OK\r\n\r\nab", false],
  ])("waits for more when it has %s", (_, raw, closed) => {
    // Act / Assess
    expect(parseAnswer(text(raw), closed)).toBeUndefined();
  });

  it.each([
    ["not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", /not an HTTP\/1.x answer: 'SSH-2.0-OpenSSH'/],
    [
      "a malformed Content-Length",
      "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
      /malformed Content-Length/,
    ],
    [
      "a malformed chunk size",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      /malformed chunked/,
    ],
  ])("refuses %s", (_, raw, why) => {
    // Act / Assess
    expect(() => parseAnswer(text(raw), true)).toThrow(why);
  });
});
