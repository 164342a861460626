// Lets Node run this repository's TypeScript directly (node --experimental-transform-types
// --import ./scripts/ts-resolve.mjs file.ts): relative imports written "./x.js" (NodeNext style)
// resolve to "./x.ts" when only the TypeScript source exists.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw err;
    }
  }
});
