/** Guilds whose ids spread evenly over shards (`(id >> 22) % count`), each with one text channel. */
export function spreadGuilds(
  n: number,
): Array<{ id: string; channels: Array<{ id: string; name: string }> }> {
  return Array.from({ length: n }, (_, k) => {
    const id = (1_500_000_000_000n + BigInt(k)) << 22n;
    return { id: String(id), channels: [{ id: String(id + 1n), name: "general" }] };
  });
}
