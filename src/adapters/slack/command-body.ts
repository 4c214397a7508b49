import type { AnyMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";

/**
 * The slash command fields the handlers read, each a single string. A form that repeats a field
 * (`text=a&text=b`) is parsed by Bolt into an array; such a request is answered with a clear error
 * instead of reaching a handler that expects text.
 */
const commandBody = z.looseObject({
  command: z.string(),
  text: z.string(),
  trigger_id: z.string(),
  user_id: z.string(),
  team_id: z.string(),
  channel_id: z.string(),
  response_url: z.string(),
  enterprise_id: z.string().optional(),
});

/** The fields that did not arrive as one string each, or [] for a well-formed command. */
export function badCommandFields(body: unknown): string[] {
  const r = commandBody.safeParse(body);
  return r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0] ?? "body")))];
}

/** Global Bolt middleware: a malformed slash command is acked with the reason and goes no further. */
export async function rejectMalformedCommands(args: AnyMiddlewareArgs & MiddlewareExtras): Promise<void> {
  const a = args as { command?: unknown; ack?: (r?: unknown) => Promise<void> };
  if (a.command === undefined || !a.ack) return args.next();
  const bad = badCommandFields(a.command);
  if (bad.length === 0) return args.next();
  args.logger.warn(`slack: malformed slash command (${bad.join(", ")}); refused`);
  await a.ack({
    response_type: "ephemeral",
    text: `This command could not be read: ${bad.map((f) => `\`${f}\``).join(", ")} must be sent once, as text. Nothing was run.`,
  });
}

interface MiddlewareExtras {
  next: () => Promise<void>;
  logger: { warn(msg: string): void };
}
