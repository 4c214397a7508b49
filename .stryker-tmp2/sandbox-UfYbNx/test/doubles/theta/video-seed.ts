/** Seed data of the Theta Video API double. */
// @ts-nocheck

import type { Ingestor } from "./state.js";

export const STREAM_LIMIT = 3;

export function seedIngestors(): Ingestor[] {
  return [
    {
      id: "ingestor_4k1xq7m2c9d8e3f6g5h0",
      ip: "127.0.0.1",
      stream_key: "sk_double_0001",
      state: "available",
      stakes: "200000000000000000000000",
      geo: [37.3861, -122.0839],
    },
    {
      id: "ingestor_9z8y7x6w5v4u3t2s1r0q",
      ip: "127.0.0.1",
      stream_key: "sk_double_0002",
      state: "available",
      stakes: "100000000000000000000000",
      geo: [50.1109, 8.6821],
    },
  ];
}

export function streamServer(ingestor: Ingestor): string {
  return `rtmp://${ingestor.ip}:1935/live`;
}
