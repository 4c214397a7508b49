import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";

/**
 * Vega-Lite → SVG (vega, headless) → PNG (resvg) with the font shipped in node_modules (Inter),
 * never the machine's: system fonts are not loaded, so a chart renders the same everywhere.
 */
export const CHART_FONT = "Inter";
const FONT_FILES = ["400Regular/Inter_400Regular.ttf", "700Bold/Inter_700Bold.ttf"].map((f) =>
  createRequire(import.meta.url).resolve(`@expo-google-fonts/inter/${f}`),
);

type SetProto = { toJSON?: unknown };
let compiler: Promise<{ compile: typeof import("vega-lite").compile; setToJSON: unknown }> | undefined;

/**
 * vega-lite installs `Set.prototype.toJSON` when it loads, which breaks other libraries (discord.js's
 * event emitter refuses to load after it). It is loaded on first use, its patch removed at once, and
 * put back only while a spec compiles.
 */
function vegaLite() {
  compiler ??= (async () => {
    const proto = Set.prototype as SetProto;
    const had = Object.hasOwn(proto, "toJSON");
    const mod = await import("vega-lite");
    const setToJSON = proto.toJSON;
    if (!had) delete proto.toJSON;
    return { compile: mod.compile, setToJSON };
  })();
  return compiler;
}

async function compileSpec(spec: TopLevelSpec) {
  const { compile, setToJSON } = await vegaLite();
  const proto = Set.prototype as SetProto;
  const had = Object.hasOwn(proto, "toJSON");
  if (!had) proto.toJSON = setToJSON;
  try {
    return compile(spec).spec;
  } finally {
    if (!had) delete proto.toJSON;
  }
}

export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const withFont = {
    ...spec,
    config: { font: CHART_FONT, background: "white", ...(spec.config ?? {}) },
  } as TopLevelSpec;
  const view = new vega.View(vega.parse(await compileSpec(withFont)), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function chartPng(spec: TopLevelSpec): Promise<Buffer> {
  const svg = await chartSvg(spec);
  const r = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  });
  return Buffer.from(r.render().asPng());
}
