import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { VerificationDoc } from '../../../projections/verifications/verifications.projection.js';
import { creatorVerification } from '../../contexts/creator/verification.js';
import type { SellerSubmission as SubmissionState } from '../../contexts/seller/seller.state.js';
import { Platform, Side, VerificationDecision, VerificationStatus } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Connection } from '../common/types.js';
import { ReportFile } from '../reviews/report.type.js';
import { CitedFileInput } from '../reviews/review.type.js';

/**
 * Verified parties (DOMAIN.md § Public reviews): status and since are public; documents, checks and
 * reasons belong to the party itself, arbitrators and auditors (null for anyone else).
 */

@ObjectType()
export class SubmissionDecision {
  @Field(() => Boolean) approved!: boolean;
  @Field(() => String, { description: 'What was checked, or why it was rejected' }) text!: string;
  @Field(() => DateTime) at!: string;
}

@ObjectType({
  description: 'A seller’s business verification as submitted (the seller, arbitrators, auditors)',
})
export class SellerSubmission {
  @Field(() => Int) submission!: number;
  @Field(() => String) registrationNumber!: string;
  @Field(() => String) country!: string;
  @Field(() => String) storeUrl!: string;
  @Field(() => ReportFile, { description: 'The licence file (GET /evidence/<sha256>)' }) licence!: ReportFile;
  @Field(() => DateTime) submittedAt!: string;
  @Field(() => SubmissionDecision, { nullable: true }) decision!: SubmissionDecision | null;
}

@ObjectType()
export class SellerVerification {
  @Field(() => VerificationStatus) status!: string;
  @Field(() => DateTime, { nullable: true, description: 'When the status began' }) since!: string | null;
  @Field(() => SellerSubmission, { nullable: true, description: 'The seller itself, arbitrators, auditors' })
  submission!: SellerSubmission | null;
}

@ObjectType()
export class VerifiedAccount {
  @Field(() => Platform) platform!: string;
  @Field(() => String) handle!: string;
  @Field(() => Boolean) verified!: boolean;
  @Field(() => DateTime, { nullable: true }) verifiedAt!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'How it was checked (the creator, arbitrators, auditors)',
  })
  check!: string | null;
}

@ObjectType()
export class VerifiedLanguage {
  @Field(() => String, { description: 'ISO 639-1' }) language!: string;
  @Field(() => Boolean) verified!: boolean;
  @Field(() => DateTime, { nullable: true }) verifiedAt!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'How it was checked (the creator, arbitrators, auditors)',
  })
  check!: string | null;
}

@ObjectType()
export class CreatorVerification {
  @Field(() => VerificationStatus) status!: string;
  @Field(() => Boolean, { description: 'Every account and language of the profile is verified' })
  verified!: boolean;
  @Field(() => DateTime, { nullable: true, description: 'When the status began' }) since!: string | null;
  @Field(() => [VerifiedAccount]) accounts!: VerifiedAccount[];
  @Field(() => [VerifiedLanguage]) languages!: VerifiedLanguage[];
  @Field(() => String, {
    nullable: true,
    description: 'Why the last request was declined (the creator, arbitrators, auditors)',
  })
  declinedReason!: string | null;
}

@ObjectType({ description: 'A party’s verification in the arbitrators’ queue' })
export class VerificationRequest {
  @Field(() => ID, { description: 'SELLER:<id> or CREATOR:<id>' }) id!: string;
  @Field(() => Side) side!: string;
  @Field(() => ID) partyId!: string;
  @Field(() => VerificationStatus) status!: string;
  @Field(() => DateTime, { nullable: true }) since!: string | null;
  @Field(() => DateTime, { nullable: true, description: 'Since when it waits for an arbitrator' })
  waitingSince!: string | null;
  @Field(() => SellerVerification, { nullable: true }) seller!: SellerVerification | null;
  @Field(() => CreatorVerification, { nullable: true }) creator!: CreatorVerification | null;
}

@ObjectType()
export class VerificationRequestConnection extends Connection('VerificationRequest', VerificationRequest) {}

@InputType()
export class VerificationQueueFilter {
  @Field(() => VerificationStatus, { nullable: true, description: 'PENDING by default' }) status?: string;
  @Field(() => Side, { nullable: true }) side?: string;
}

@InputType()
export class SubmitSellerVerificationInput {
  @Field(() => String) registrationNumber!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2' }) country!: string;
  @Field(() => String) storeUrl!: string;
  @Field(() => CitedFileInput, { description: 'The licence, uploaded to POST /evidence' })
  licence!: CitedFileInput;
}

@InputType()
export class DecideSellerVerificationInput {
  @Field(() => ID) sellerId!: string;
  @Field(() => VerificationDecision) decision!: string;
  @Field(() => String, { description: 'What was checked, or why it is rejected' }) text!: string;
}

@InputType()
export class VerifyCreatorAccountInput {
  @Field(() => ID) creatorId!: string;
  @Field(() => Platform) platform!: string;
  @Field(() => String) handle!: string;
  @Field(() => String, { description: 'How it was checked' }) check!: string;
}

@InputType()
export class VerifyCreatorLanguageInput {
  @Field(() => ID) creatorId!: string;
  @Field(() => String, { description: 'ISO 639-1' }) language!: string;
  @Field(() => String, { description: 'How it was tested' }) check!: string;
}

@InputType()
export class DeclineCreatorVerificationInput {
  @Field(() => ID) creatorId!: string;
  @Field(() => String) reason!: string;
}

const submissionOf = (s: SubmissionState): SellerSubmission => ({
  submission: s.submission,
  registrationNumber: s.registrationNumber,
  country: s.country,
  storeUrl: s.storeUrl,
  licence: { ...s.licence, fileName: s.licence.fileName ?? null },
  submittedAt: s.submittedAt,
  decision: s.decision && {
    approved: s.decision.outcome === 'APPROVED',
    text: s.decision.text,
    at: s.decision.at,
  },
});

/** A seller's verification as `private` (its own, arbitrators', auditors') or public eyes see it. */
export const sellerVerificationOf = (
  doc: VerificationDoc | undefined,
  privy: boolean,
): SellerVerification => {
  const state = doc?.seller?.status === 'REGISTERED' ? doc.seller.verification : null;
  return {
    status: doc?.status ?? 'UNVERIFIED',
    since: doc?.since ?? null,
    submission: privy && state?.latest ? submissionOf(state.latest) : null,
  };
};

export const creatorVerificationOf = (
  doc: VerificationDoc | undefined,
  privy: boolean,
): CreatorVerification => {
  const state = doc?.creator?.status === 'REGISTERED' ? doc.creator : null;
  const view = state ? creatorVerification(state.profile, state.marks) : null;
  return {
    status: doc?.status ?? 'UNVERIFIED',
    verified: view?.verified ?? false,
    since: doc?.since ?? null,
    accounts: (view?.accounts ?? []).map((a) => ({
      platform: a.platform,
      handle: a.handle,
      verified: a.mark !== null,
      verifiedAt: a.mark?.verifiedAt ?? null,
      check: privy ? (a.mark?.check ?? null) : null,
    })),
    languages: (view?.languages ?? []).map((l) => ({
      language: l.language,
      verified: l.mark !== null,
      verifiedAt: l.mark?.verifiedAt ?? null,
      check: privy ? (l.mark?.check ?? null) : null,
    })),
    declinedReason: privy ? (state?.request.declined?.reason ?? null) : null,
  };
};

export const requestFromDoc = (doc: VerificationDoc): VerificationRequest => ({
  id: doc.key,
  side: doc.side,
  partyId: doc.partyId,
  status: doc.status,
  since: doc.since,
  waitingSince: doc.waitingSince,
  // The queue is arbitrators' and auditors': they see the documents.
  seller: doc.side === 'SELLER' ? sellerVerificationOf(doc, true) : null,
  creator: doc.side === 'CREATOR' ? creatorVerificationOf(doc, true) : null,
});
