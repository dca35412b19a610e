import type { TSchema } from '@sinclair/typebox';
import type { EventDefinition } from './eventCatalog.js';

export const EVENT_METADATA_SCHEMA_FILE = 'EventMetadata.json';

const file = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The event catalog as files: one JSON Schema (draft 2020-12) per event type and version, the
 * metadata schema, and an index. Deterministic, so it can be committed and checked for drift.
 */
export const eventCatalogFiles = (
  definitions: readonly EventDefinition[],
  metadataSchema: TSchema,
): Map<string, string> => {
  const files = new Map<string, string>();
  const index: {
    type: string;
    version: number;
    description: string;
    file: string;
    olderVersions: number[];
  }[] = [];
  for (const definition of [...definitions].sort((a, b) => a.type.localeCompare(b.type))) {
    const versions = [
      ...definition.history.map((h) => ({ version: h.version, schema: h.schema })),
      { version: definition.version, schema: definition.schema },
    ];
    for (const { version, schema } of versions) {
      const name = `${definition.type}.v${version}.json`;
      files.set(
        name,
        file({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $id: `https://creator-ledger.dev/schema/events/${name}`,
          title: `${definition.type} v${version}`,
          description: definition.description,
          'x-event-type': definition.type,
          'x-event-version': version,
          ...JSON.parse(JSON.stringify(schema)),
        }),
      );
    }
    index.push({
      type: definition.type,
      version: definition.version,
      description: definition.description,
      file: `${definition.type}.v${definition.version}.json`,
      olderVersions: definition.history.map((h) => h.version),
    });
  }
  files.set(
    EVENT_METADATA_SCHEMA_FILE,
    file({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://creator-ledger.dev/schema/events/${EVENT_METADATA_SCHEMA_FILE}`,
      title: 'Event metadata',
      ...JSON.parse(JSON.stringify(metadataSchema)),
    }),
  );
  files.set('index.json', file({ events: index }));
  return files;
};
