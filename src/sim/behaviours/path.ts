/**
 * Field paths into objects, as stages write them: `.status.phase`, `.spec.nodeName`,
 * `.metadata.labels["app.kubernetes.io/name"]` (bracket quotes for keys with dots or slashes).
 */

/** Splits a path into keys; throws on a malformed path so stage files fail at load. */
export function parsePath(path: string): string[] {
  const keys: string[] = [];
  let i = 0;
  if (!path.startsWith('.')) throw new Error(`field path ${JSON.stringify(path)} must start with "."`);
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      if (j === i) throw new Error(`field path ${JSON.stringify(path)} has an empty key`);
      keys.push(path.slice(i, j));
      i = j;
    } else if (path[i] === '[') {
      const m = /^\["((?:[^"\\]|\\.)*)"\]/.exec(path.slice(i));
      if (!m) throw new Error(`field path ${JSON.stringify(path)}: expected ["key"] at ${i}`);
      keys.push(m[1]);
      i += m[0].length;
    } else {
      throw new Error(`field path ${JSON.stringify(path)}: unexpected ${JSON.stringify(path[i])} at ${i}`);
    }
  }
  return keys;
}

export function getPath(obj: unknown, keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) && /^\d+$/.test(k) ? cur[Number(k)] : (cur as Record<string, unknown>)[k];
  }
  return cur;
}
