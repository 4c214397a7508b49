/** Valid tiny media files built in code (PNG, MP4, WAV), and big generated streams for setOutputBytes. */
// @ts-nocheck

import { Readable } from "node:stream";
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** 8×8 RGB gradient, 8-bit, no interlace. */
function makePng(size = 8): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(x * 32, y * 32, 128);
  }
  const idat = deflateSync(Buffer.from(rows));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, "ascii");
  return Buffer.concat([head, body]);
}

/** ftyp + moov(mvhd) + mdat: structurally valid ISO-BMFF, no tracks. */
function makeMp4(): Buffer {
  const ftyp = box(
    "ftyp",
    Buffer.from("isom", "ascii"),
    u32(0x200),
    Buffer.from("isomiso2avc1mp41", "ascii"),
  );
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(0, 0); // version + flags
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(1000, 16); // duration: 1 s
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  const matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
  matrix.forEach((v, i) => {
    mvhd.writeUInt32BE(v, 36 + i * 4);
  });
  mvhd.writeUInt32BE(2, 96); // next_track_ID
  const moov = box("moov", box("mvhd", mvhd));
  const mdat = box("mdat", Buffer.alloc(64, 0));
  return Buffer.concat([ftyp, moov, mdat]);
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}

/** 16-bit mono PCM, 8 kHz, 0.25 s of a 440 Hz tone. */
function makeWav(): Buffer {
  const rate = 8000;
  const samples = rate / 4;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + data.length, 4);
  h.write("WAVE", 8, "ascii");
  h.write("fmt ", 12, "ascii");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii");
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export const PNG = makePng();
export const MP4 = makeMp4();
export const WAV = makeWav();

export const MEDIA: Record<string, { bytes: Buffer; contentType: string }> = {
  png: { bytes: PNG, contentType: "image/png" },
  mp4: { bytes: MP4, contentType: "video/mp4" },
  wav: { bytes: WAV, contentType: "audio/wav" },
};

const CHUNK = 64 * 1024;

/**
 * A stream of exactly `total` bytes: the fixture first (so the magic bytes are right), then a filler
 * pattern in 64 KiB chunks. Generated lazily; consumed with backpressure by pipeline().
 */
export function generatedStream(fixture: Buffer, total: number): Readable {
  const filler = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) filler[i] = i % 251;
  function* gen(): Generator<Buffer> {
    let sent = 0;
    const head = fixture.subarray(0, Math.min(fixture.length, total));
    if (head.length > 0) {
      yield head;
      sent = head.length;
    }
    while (sent < total) {
      const n = Math.min(CHUNK, total - sent);
      yield n === CHUNK ? filler : filler.subarray(0, n);
      sent += n;
    }
  }
  return Readable.from(gen(), { objectMode: false });
}
