import type { BriefInput as DomainBriefInput } from '../../contexts/collaboration/brief.js';
import { addDays } from '../../contexts/shared.js';
import type { BriefTemplate } from '../../contexts/sellerLibrary/sellerLibrary.events.js';
import { ValidationError } from '../../core/errors.js';

const REQUIRED = [
  'title',
  'product',
  'targetMarkets',
  'language',
  'contentFormat',
  'platforms',
  'deliverables',
  'scriptDueAt',
  'publishDueAt',
  'fee',
] as const;

/**
 * The brief a proposal carries: the template's fields (when one is named), overridden by those
 * given, with the template's relative due dates turned into dates from now. What is still missing
 * is refused by name; the decider checks the rest.
 */
export const assembleBrief = (
  given: Record<string, unknown>,
  template: BriefTemplate | undefined,
  now: string,
): DomainBriefInput => {
  const { scriptDueInDays, publishDueInDays, ...fromTemplate } = template ?? {};
  const brief: Record<string, unknown> = { ...fromTemplate, ...given };
  if (brief.scriptDueAt === undefined && scriptDueInDays) brief.scriptDueAt = addDays(now, scriptDueInDays);
  if (brief.publishDueAt === undefined && publishDueInDays)
    brief.publishDueAt = addDays(now, publishDueInDays);
  const missing = REQUIRED.filter((field) => brief[field] === undefined);
  if (missing.length > 0) {
    throw new ValidationError(`The brief needs ${missing.join(', ')}`, { missing });
  }
  return brief as unknown as DomainBriefInput;
};
