import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { countedStream, type UploadSource } from "../../src/core/theta/upload-source.js";

const source = (chunks: string[], size: number): UploadSource => ({
  filename: "f.bin",
  size,
  open: () => Readable.from(chunks.map((c) => Buffer.from(c))),
});

describe("countedStream (uploads from disk)", () => {
  it("passes the bytes through and reports progress up to the total", async () => {
    const seen: Array<[number, number]> = [];
    const out = await text(
      countedStream(source(["abc", "def"], 6), (sent, total) => seen.push([sent, total])),
    );
    expect(out).toBe("abcdef");
    expect(seen.at(-1)).toEqual([6, 6]);
  });

  it("fails when the file grows past the size it had when checked", async () => {
    await expect(text(countedStream(source(["abc", "defgh"], 6)))).rejects.toThrow(/grew past its 6 bytes/);
  });
});
