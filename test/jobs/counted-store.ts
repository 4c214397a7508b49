import type { StateStore } from "../../src/core/store/index.js";

/** The store with every call it gets recorded, in order, as [method, first argument] (usually the key). */
export function countedStore(store: StateStore): { store: StateStore; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const v = Reflect.get(target, name, receiver);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        calls.push([String(name), args[0]]);
        return v.apply(target, args);
      };
    },
  });
  return { store: counted, calls };
}
