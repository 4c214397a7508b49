import { describe, expect, it } from "vitest";
import { parseSse } from "../../src/core/theta/sse.js";

async function collect(chunks: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  async function* src() {
    for (const c of chunks) yield Buffer.from(c);
  }
  for await (const v of parseSse(src())) out.push(v);
  return out;
}

describe("parseSse (chat streams from Theta)", () => {
  it("reads events split at any byte, with CRLF, lone-CR and LF line endings", async () => {
    const text = 'data: {"a":1}\r\n\r\ndata: {"a":2}\r\rdata: {"a":3}\n\n';
    const chunks = [...text].map((c) => c);
    expect(await collect(chunks)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it("joins multi-line data and stops at [DONE]", async () => {
    expect(await collect(['data: {"a":\ndata: 1}\n\n', "data: [DONE]\n\n", 'data: {"late":1}\n\n'])).toEqual([
      { a: 1 },
    ]);
  });

  it("keeps the last event when the stream ends without its blank line", async () => {
    expect(await collect(['data: {"a":1}\n\n', 'data: {"a":2}'])).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("skips comments, keep-alives and other named events; an error event fails with Theta's message", async () => {
    const chunks = [
      ": ping\n\n",
      "data: not json\n\n",
      'event: usage\ndata: {"x":1}\n\n',
      'data: {"a":1}\n\n',
    ];
    expect(await collect(chunks)).toEqual([{ a: 1 }]);
    await expect(
      collect(['data: {"a":1}\n\n', 'event: error\ndata: {"error":{"message":"model overloaded"}}\n\n']),
    ).rejects.toThrow(/model overloaded/);
  });
});
