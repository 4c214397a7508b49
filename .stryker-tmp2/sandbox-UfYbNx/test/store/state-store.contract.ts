// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/core/store/index.js";
import { dataContract } from "./contract-data.js";
import { setContract } from "./contract-sets.js";
import { stringContract } from "./contract-strings.js";
import { drainAndClose } from "./helpers.js";

/**
 * The StateStore contract, written once and run against every implementation. `factory` opens a
 * fresh, empty store for each test (its own key namespace or data dir).
 */
export function describeStateStoreContract(
  name: StateStore["kind"],
  factory: () => Promise<StateStore>,
): void {
  describe(`StateStore contract: ${name}`, () => {
    let store: StateStore | undefined;
    const current = (): StateStore => {
      if (!store) throw new Error("no store open");
      return store;
    };

    beforeEach(async () => {
      store = await factory();
    });

    afterEach(async () => {
      if (store) await drainAndClose(store);
      store = undefined;
    });

    it("reports its kind", () => {
      expect(current().kind).toBe(name);
    });

    stringContract(current);
    dataContract(current);
    setContract(current);
  });
}
