import { Type } from '@sinclair/typebox';
import { ROLES, type EventMetadata } from './event.js';
import { ValidationError } from './errors.js';
import { compileShape, compileStrict, firstError } from './jsonSchema.js';
import { Enum, Instant } from './schema.js';

const Role = Enum(ROLES as unknown as ['SELLER', 'CREATOR', 'ARBITRATOR', 'AUDITOR', 'PLATFORM']);
const Ref = Type.String({ minLength: 1, maxLength: 200 });

/** Every event's metadata: who caused it, in which role, when, and why (ARCHITECTURE.md § Event envelope). */
export const EventMetadataSchema = Type.Object(
  {
    actor: Ref,
    role: Role,
    occurredAt: Instant(),
    correlationId: Type.Optional(Ref),
    causationId: Type.Optional(Ref),
    idempotencyKey: Type.Optional(Ref),
  },
  { additionalProperties: false },
);

const check = compileStrict(EventMetadataSchema);
const shape = compileShape(EventMetadataSchema);

export const validateMetadata = (metadata: unknown): EventMetadata => {
  if (check(metadata)) return metadata as EventMetadata;
  const first = firstError(check.errors);
  throw new ValidationError(`Invalid event metadata at ${first.path || '/'}: ${first.message}`, {
    path: first.path,
  });
};

/** Whether stored metadata still has its shape (see EventCatalog.fitsStored). */
export const metadataFitsStored = (metadata: unknown): boolean => shape(metadata);

/** Why stored metadata does not have its shape: the first offending path; undefined when it fits. */
export const metadataShapeError = (metadata: unknown): string | undefined => {
  if (shape(metadata)) return undefined;
  const first = firstError(shape.errors);
  return `${first.path || '/'}: ${first.message}`;
};
