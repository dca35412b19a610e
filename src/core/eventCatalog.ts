import type { Static, TSchema } from '@sinclair/typebox';
import type { DomainEvent } from './event.js';
import { ValidationError } from './errors.js';
import { compileShape, compileStrict, firstError, type SchemaCheck } from './jsonSchema.js';

/** An earlier version of an event's data still found in the log, and how to lift it one version up. */
export interface EventVersionHistory {
  readonly version: number;
  readonly schema: TSchema;
  readonly upcast: (data: unknown) => unknown;
}

/**
 * One event type of the catalog: its current version and JSON Schema. Every type in the log has an
 * entry; data is validated against it at append, and older versions are upcast on read.
 */
export interface EventDefinition<Type extends string = string, Schema extends TSchema = TSchema> {
  readonly type: Type;
  readonly version: number;
  readonly schema: Schema;
  readonly description: string;
  readonly history: readonly EventVersionHistory[];
}

export const defineEvent = <const Type extends string, Schema extends TSchema>(
  type: Type,
  description: string,
  schema: Schema,
  options: { version?: number; history?: EventVersionHistory[] } = {},
): EventDefinition<Type, Schema> => ({
  type,
  description,
  schema,
  version: options.version ?? 1,
  history: options.history ?? [],
});

/** The domain event a definition describes. */
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? DomainEvent<T, Static<S>> : never;

interface CompiledDefinition {
  readonly definition: EventDefinition;
  /** The current version's schema, formats included: what an append must satisfy. */
  readonly check: SchemaCheck;
  /** Every version's shape (no formats), compiled when first needed: what a stored event must have. */
  readonly shapes: Map<number, SchemaCheck>;
}

export class EventCatalog {
  private readonly byType = new Map<string, CompiledDefinition>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type)) throw new Error(`Event type ${definition.type} defined twice`);
      this.byType.set(definition.type, {
        definition,
        check: compileStrict(definition.schema),
        shapes: new Map(),
      });
    }
  }

  get definitions(): EventDefinition[] {
    return [...this.byType.values()].map((c) => c.definition);
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** Whether the catalog knows this version of the type: its current one or one it upcasts from. */
  hasVersion(type: string, version: number): boolean {
    const definition = this.byType.get(type)?.definition;
    return (
      definition !== undefined &&
      (version === definition.version || definition.history.some((h) => h.version === version))
    );
  }

  /** The version new events of this type are written with. */
  version(type: string): number {
    return this.compiled(type).definition.version;
  }

  /** Throws a {@link ValidationError} naming the first offending path when `data` does not fit. */
  validate(type: string, version: number, data: unknown): void {
    const compiled = this.compiled(type);
    if (version !== compiled.definition.version) {
      throw new ValidationError(
        `${type} is written at version ${compiled.definition.version}, not ${version}`,
        { type, version },
      );
    }
    if (compiled.check(data)) return;
    const first = firstError(compiled.check.errors);
    throw new ValidationError(`Invalid ${type} data at ${first.path || '/'}: ${first.message}`, {
      type,
      path: first.path,
      reason: first.message,
    });
  }

  /**
   * Whether stored data still has the shape of its type and version (formats aside): what a replay
   * asks before it trusts an event's fields. Unknown types and versions have no shape to have.
   */
  fitsStored(type: string, version: number, data: unknown): boolean {
    return this.storedShapeError(type, version, data) === undefined;
  }

  /**
   * Why stored data does not have the shape of its type and version (see {@link fitsStored}): the
   * first offending path and what is wrong there, or that the type or version is unknown; undefined
   * when it fits. What an auditor is told of a damaged event.
   */
  storedShapeError(type: string, version: number, data: unknown): string | undefined {
    const compiled = this.byType.get(type);
    if (!compiled) return `unknown event type ${type}`;
    let shape = compiled.shapes.get(version);
    if (!shape) {
      const schema =
        version === compiled.definition.version
          ? compiled.definition.schema
          : compiled.definition.history.find((h) => h.version === version)?.schema;
      if (!schema) return `unknown version ${version} of ${type}`;
      shape = compileShape(schema);
      compiled.shapes.set(version, shape);
    }
    if (shape(data)) return undefined;
    const first = firstError(shape.errors);
    return `${first.path || '/'}: ${first.message}`;
  }

  /** Lifts stored data of an older version to the current one; current data is returned as is. */
  upcast(type: string, version: number, data: unknown): { version: number; data: unknown } {
    const compiled = this.byType.get(type);
    if (!compiled || version === compiled.definition.version) return { version, data };
    let current = { version, data };
    for (const step of [...compiled.definition.history].sort((a, b) => a.version - b.version)) {
      if (step.version === current.version)
        current = { version: step.version + 1, data: step.upcast(current.data) };
    }
    return current;
  }

  private compiled(type: string): CompiledDefinition {
    const compiled = this.byType.get(type);
    if (!compiled) throw new ValidationError(`Unknown event type ${type}`, { type });
    return compiled;
  }
}
