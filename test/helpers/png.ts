import { PNG } from "pngjs";

/** Decodes a PNG and counts the pixels that are not (near) white. */
export function pngStats(bytes: Buffer): { width: number; height: number; inked: number; colours: number } {
  const png = PNG.sync.read(bytes);
  let inked = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r < 240 || g < 240 || b < 240) inked++;
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  return { width: png.width, height: png.height, inked, colours: colours.size };
}

/** Sum of a usage CSV's rows for one category ("all" for the grand total line). */
export function csvTotal(csv: string, category: string): number {
  const line = csv.split("\n").find((l) => l.startsWith(`total,${category},`));
  return Number(line?.split(",")[2]);
}
