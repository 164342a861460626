/**
 * The few Reflect metadata functions @peculiar/x509 (through tsyringe) needs at load time, so no
 * reflect-metadata package is required. Installed only when Reflect.getMetadata is missing;
 * import this module before '@peculiar/x509'.
 */
type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function own(target: object, prop: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    store.set(target, (byProp = new Map()));
  }
  let map = byProp.get(prop);
  if (!map && create) byProp.set(prop, (map = new Map()));
  return map;
}

const R = Reflect as any;
if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key: unknown, value: unknown, target: object, prop?: Key) => {
    own(target, prop, true)!.set(key, value);
  };
  R.getOwnMetadata = (key: unknown, target: object, prop?: Key) => own(target, prop, false)?.get(key);
  R.hasOwnMetadata = (key: unknown, target: object, prop?: Key) =>
    own(target, prop, false)?.has(key) ?? false;
  R.getMetadata = (key: unknown, target: object, prop?: Key): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const m = own(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  R.hasMetadata = (key: unknown, target: object, prop?: Key) =>
    R.getMetadata(key, target, prop) !== undefined;
  R.metadata = (key: unknown, value: unknown) => (target: object, prop?: Key) =>
    R.defineMetadata(key, value, target, prop);
}

export {};
