import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The one JSON Schema validator of the event log: Ajv (draft 2020-12) with ajv-formats, the
 * validator the published catalog (`schema/events/`) is written for. What is appended is checked
 * against exactly the schemas published, formats included, so no stored event can fail a standard
 * validator run over those files.
 */
const strict = new Ajv2020({ strict: true, allErrors: false });
addFormats.default(strict, ['date-time', 'uri']);

/**
 * The same schemas without formats: the shape a stored event must have to be read at all (a
 * replay checks it). A format an older release let through is no damage; a missing or mistyped
 * field is.
 */
const shapeOnly = new Ajv2020({ strict: true, allErrors: false, validateFormats: false });

export type SchemaCheck = ValidateFunction;

/** Compiles a schema for appends (formats checked). */
export const compileStrict = (schema: object): SchemaCheck => strict.compile(schema);

/** Compiles a schema for reads (shape only). */
export const compileShape = (schema: object): SchemaCheck => shapeOnly.compile(schema);

/** The first error, as a path and a message. */
export const firstError = (errors: ErrorObject[] | null | undefined): { path: string; message: string } => {
  const error = errors?.[0];
  if (!error) return { path: '', message: 'invalid' };
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  return {
    path: missing ? `${error.instancePath}/${missing}` : error.instancePath,
    message:
      error.keyword === 'additionalProperties'
        ? `unknown property ${(error.params as { additionalProperty: string }).additionalProperty}`
        : (error.message ?? 'invalid'),
  };
};
