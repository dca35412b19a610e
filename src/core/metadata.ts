import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ROLES, type EventMetadata } from './event.js';
import { ValidationError } from './errors.js';
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

const check = TypeCompiler.Compile(EventMetadataSchema);

export const validateMetadata = (metadata: unknown): EventMetadata => {
  if (check.Check(metadata)) return metadata as EventMetadata;
  const first = check.Errors(metadata).First();
  throw new ValidationError(`Invalid event metadata${first ? ` at ${first.path}: ${first.message}` : ''}`, {
    path: first?.path ?? '',
  });
};
