import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_VARIABLES } from "../../src/config.js";

type Service = {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  command?: string[];
  env_file?: Array<{ path: string; required?: boolean }>;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  init?: boolean;
};

// `docker compose config` needs a Docker engine; the file is checked here for what it must say.
const compose = parse(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const { bot, worker, redis } = compose.services as Record<string, Service>;
const example = readFileSync(".env.example", "utf8");

describe("docker-compose.yml runs as written", () => {
  it("builds one image for the bot and the worker, and never pulls it", () => {
    expect(bot?.build).toBeDefined();
    expect(worker?.build).toBeUndefined();
    expect(worker?.image).toBe(bot?.image);
    expect(worker?.pull_policy).toBe("never");
    expect(worker?.command).toEqual(["node", "dist/worker.js"]);
    expect(redis?.image).toMatch(/^redis:/);
  });

  it("starts without a .env, reads it when there is one, and both share Redis", () => {
    for (const s of [bot!, worker!]) {
      expect(s.env_file).toEqual([{ path: ".env", required: false }]);
      expect(s.environment?.REDIS_URL).toBe("redis://redis:6379");
      expect(s.init).toBe(true);
    }
  });

  it("publishes the health port and the Slack receiver's port, and mounts KNOWLEDGE_DIR", () => {
    const env = bot!.environment!;
    expect(bot!.ports).toEqual(
      expect.arrayContaining([`${env.HTTP_PORT}:${env.HTTP_PORT}`, `${env.SLACK_PORT}:${env.SLACK_PORT}`]),
    );
    for (const s of [bot!, worker!]) {
      const dir = s.environment!.KNOWLEDGE_DIR!;
      expect(s.volumes?.some((v) => v.split(":")[1] === dir)).toBe(true);
    }
  });

  it("every variable it sets is one the bot reads", () => {
    for (const s of [bot!, worker!])
      for (const k of Object.keys(s.environment ?? {})) expect(CONFIG_VARIABLES).toContain(k);
  });
});

describe(".env.example", () => {
  const lines = example.split("\n");
  it("lists every variable src/config.ts reads, each commented out", () => {
    for (const v of CONFIG_VARIABLES) expect(example).toMatch(new RegExp(`^# ${v}=`, "m"));
    expect(lines.filter((l) => l.trim() && !l.startsWith("#"))).toEqual([]);
  });

  it("holds no secret values", () => {
    const secret = /_TOKEN$|SECRET|_KEY$|_PASS$/;
    for (const l of lines) {
      const m = /^# ([A-Z_]+)=(\S*)/.exec(l);
      if (m && secret.test(m[1]!)) expect(m[2], m[1]).toBe("");
    }
  });
});
