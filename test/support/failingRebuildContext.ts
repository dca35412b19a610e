import { openRebuildContext as open, type RebuildContextData } from '../../src/app/rebuildContext.js';
import type { RebuildContext } from '../../src/projectionRunner/rebuildThreads.js';

/**
 * The service's rebuild context, except that its read store refuses to prepare a version of the
 * projections named in `failing`: the share of a rebuild holding them fails in its worker thread.
 */
export const openRebuildContext = async (
  data: RebuildContextData & { readonly failing: readonly string[] },
): Promise<RebuildContext> => {
  const context = await open(data);
  const readStore = context.readStore;
  return {
    ...context,
    readStore: new Proxy(readStore, {
      get(target, property) {
        if (property === 'prepare') {
          return (projection: string, ...rest: unknown[]) =>
            data.failing.includes(projection)
              ? Promise.reject(new Error(`No version of ${projection} can be prepared here`))
              : (target.prepare as (...args: unknown[]) => Promise<void>).call(target, projection, ...rest);
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }),
  };
};
