// @ts-nocheck
import * as agents from "./agents.js";
import * as ai from "./ai.js";
import { capabilities } from "./auth.js";
import { balance, balanceSnapshot } from "./billing.js";
import type { AnyOperation } from "./define.js";
import * as deployments from "./deployments.js";
import { health } from "./health.js";
import * as inference from "./inference.js";
import * as ondemand from "./ondemand.js";
import { chat as ondemandChat } from "./ondemand-chat.js";
import { setup } from "./setup.js";
import * as video from "./video.js";

/** Every theta.* operation, in the order `theta-bot ops` lists them. */
export const OPERATIONS: readonly AnyOperation[] = [
  setup,
  capabilities,
  health,
  balance,
  balanceSnapshot,
  deployments.list,
  deployments.create,
  deployments.start,
  deployments.stop,
  deployments.remove,
  deployments.listVm,
  deployments.listStandard,
  deployments.listCustom,
  ai.dedicatedDeployments,
  ai.jupyter,
  ai.gpuNode,
  ai.gpuCluster,
  ai.storage,
  agents.list,
  agents.create,
  agents.get,
  agents.update,
  agents.documentCreate,
  agents.documentUpdate,
  agents.documentGet,
  agents.documentList,
  ondemand.listServices,
  ondemand.infer,
  ondemand.status,
  ondemand.pollUntilDone,
  ondemand.inputPresignedUrls,
  ondemandChat,
  inference.models,
  inference.chat,
  inference.ready,
  video.list,
  video.search,
  video.uploadCreate,
  video.upload,
  video.videoCreate,
  video.videoGet,
  video.streamCreate,
  video.streamGet,
  video.streamList,
  video.ingestorList,
  video.ingestorSelect,
];

const byName = new Map(OPERATIONS.map((op) => [op.name, op]));

export function getOperation(name: string): AnyOperation | undefined {
  return byName.get(name);
}

/** Close names for a mistyped operation (shared prefix or same last segment). */
export function suggestOperations(name: string): string[] {
  const last = name.split(".").pop()?.toLowerCase() ?? "";
  const prefix = name.split(".").slice(0, 2).join(".");
  return OPERATIONS.map((o) => o.name)
    .filter((n) => n.toLowerCase().endsWith(`.${last}`) || (prefix.length > 6 && n.startsWith(prefix)))
    .slice(0, 5);
}
