#!/usr/bin/env node
// @ts-nocheck
// The operator CLI. `npm ci` builds dist/ (the prepare script); run `npm run build` after editing src/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/adapters/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    "theta-bot: dist/ is missing. Run `npm ci` (or `npm run build`) in the project first.\n",
  );
  process.exit(2);
}
await import(entry.href);
