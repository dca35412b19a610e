/**
 * The service as a new release would run it: the collaborations projection at the next version,
 * with an index the stored version does not have (an upgrade that must rebuild while serving).
 */
import { projections } from '../../../projections/index.js';
import { loadConfig } from '../../../src/app/config.js';
import { runService } from '../../../src/app/run.js';
import type { Projection } from '../../../src/projectionRunner/projection.js';

export const upgraded: readonly Projection[] = projections.map((p) =>
  p.name === 'collaborations'
    ? {
        ...p,
        version: p.version + 1,
        collections: p.collections.map((c) => ({
          ...c,
          indexes: [...c.indexes, { field: 'revision', type: 'number' as const }],
        })),
      }
    : p,
);

await runService(loadConfig(), { projections: upgraded });
