import { Field, Float, ID, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import type { LibraryEntryDoc } from '../../../projections/sellerLibrary/sellerLibrary.projection.js';
import type { BriefTemplate as DomainBriefTemplate } from '../../contexts/sellerLibrary/sellerLibrary.events.js';
import { Category, CollaborationStatus, ReportReason } from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import { Connection, Money } from '../common/types.js';
import { CommandResult, Score } from '../collaborations/collaboration.type.js';
import { BriefScope, MoneyInput, withBriefTerms } from '../collaborations/collaboration.input.js';

@ObjectType()
export class CurrencyFigures {
  @Field(() => String) currency!: string;
  @Field(() => SafeInt) spendMinor!: number;
  @Field(() => SafeInt) gmvMinor!: number;
}

@ObjectType({ description: 'A rating this seller gave this creator' })
export class OwnRating {
  @Field(() => ID) ratingId!: string;
  @Field(() => ID) collaborationId!: string;
  @Field(() => [Score]) scores!: Score[];
  @Field(() => Float) mean!: number;
  @Field(() => String, { description: 'Empty once arbitration removed it' }) comment!: string;
  @Field(() => DateTime) ratedAt!: string;
  @Field(() => String, { description: 'YYYY-MM' }) month!: string;
  @Field(() => ReportReason, {
    nullable: true,
    description: 'Why arbitration removed its text (DOMAIN.md § Public reviews)',
  })
  removedReason!: string | null;
}

@ObjectType()
export class LastCollaboration {
  @Field(() => ID) collaborationId!: string;
  @Field(() => DateTime) at!: string;
  @Field(() => CollaborationStatus) status!: string;
}

@ObjectType()
export class Note {
  @Field(() => ID) noteId!: string;
  @Field(() => String) text!: string;
  @Field(() => DateTime) at!: string;
}

@ObjectType({
  description:
    'One creator in a seller’s private library: what they did together, and the seller’s own notes',
})
export class LibraryEntry {
  @Field(() => ID) sellerId!: string;
  @Field(() => ID) creatorId!: string;
  @Field(() => Int) collaborations!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Money, { nullable: true, description: 'Released milestones, in the main currency' })
  spend!: Money | null;
  @Field(() => Money, {
    nullable: true,
    description: 'Each collaboration’s final (else latest) GMV, in the main currency',
  })
  gmv!: Money | null;
  @Field(() => Float, { nullable: true, description: 'GMV / spend' }) roi!: number | null;
  @Field(() => [CurrencyFigures]) byCurrency!: CurrencyFigures[];
  @Field(() => [OwnRating]) ratings!: OwnRating[];
  @Field(() => Float, { nullable: true }) averageRating!: number | null;
  @Field(() => LastCollaboration, { nullable: true }) lastCollaboration!: LastCollaboration | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => [Note]) notes!: Note[];
  @Field(() => Boolean) favourite!: boolean;
  @Field(() => Boolean) blocked!: boolean;
  @Field(() => String, { nullable: true }) blockReason!: string | null;
  @Field(() => [String], { description: 'Target markets of their collaborations' }) markets!: string[];
  @Field(() => [Category]) categories!: string[];
  @Field(() => DateTime) updatedAt!: string;
}

@ObjectType()
export class LibraryEntryConnection extends Connection('LibraryEntry', LibraryEntry) {}

@InputType()
export class LibraryFilter {
  @Field(() => [String], { nullable: true, description: 'Tagged with any of these' }) tags?: string[];
  @Field(() => [Category], { nullable: true }) categories?: string[];
  @Field(() => [String], { nullable: true, description: 'Worked in any of these markets' })
  markets?: string[];
  @Field(() => Boolean, { nullable: true }) favourite?: boolean;
  @Field(() => Boolean, { nullable: true }) blocked?: boolean;
}

@ObjectType({
  description: 'A creator of a month’s top list: ranked by this seller’s ratings that month, then ROI',
})
export class MonthlyTopCreator {
  @Field(() => Int) rank!: number;
  @Field(() => ID) creatorId!: string;
  @Field(() => Float) averageRating!: number;
  @Field(() => Int) ratings!: number;
  @Field(() => Float, { nullable: true }) roi!: number | null;
  @Field(() => LibraryEntry) entry!: LibraryEntry;
}

/** A template's parts: any part of a brief, due dates as days from the proposal; the fee in `money`. */
const briefTemplateParts = <TMoney extends object>(money: ClassType<TMoney>) => {
  @ObjectType()
  @InputType()
  class BriefTemplateParts extends withBriefTerms(BriefScope, money) {
    @Field(() => Int, { nullable: true }) scriptDueInDays?: number;
    @Field(() => Int, { nullable: true }) publishDueInDays?: number;
  }
  return BriefTemplateParts;
};

@ObjectType({
  description:
    'A reusable brief (the seller’s SOP): any part of a brief, due dates as days from the proposal',
})
export class BriefTemplateContent extends briefTemplateParts(Money) {}

@ObjectType()
export class BriefTemplate {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => BriefTemplateContent) brief!: BriefTemplateContent;
  @Field(() => DateTime) createdAt!: string;
  @Field(() => DateTime) updatedAt!: string;
}

@InputType()
export class BriefTemplateInput extends briefTemplateParts(MoneyInput) {}

@InputType()
export class SaveBriefTemplateInput {
  @Field(() => ID, { nullable: true, description: 'Given to replace a template; new otherwise' })
  templateId?: string;
  @Field(() => String) name!: string;
  @Field(() => BriefTemplateInput) brief!: BriefTemplateInput;
}

@ObjectType({
  description: 'What a library command wrote; `entry` waits (bounded) until the library shows it',
})
export class LibraryPayload extends CommandResult {
  @Field(() => ID) sellerId!: string;
  @Field(() => ID, { nullable: true }) creatorId!: string | null;
  @Field(() => ID, { nullable: true }) templateId!: string | null;
}

export const entryFromDoc = (doc: LibraryEntryDoc): LibraryEntry => ({
  sellerId: doc.sellerId,
  creatorId: doc.creatorId,
  collaborations: doc.collaborations,
  completed: doc.completed,
  spend: doc.currency ? { amountMinor: doc.spendMinor, currency: doc.currency } : null,
  gmv: doc.currency ? { amountMinor: doc.gmvMinor, currency: doc.currency } : null,
  roi: doc.roi,
  byCurrency: Object.entries(doc.money).map(([currency, m]) => ({ currency, ...m })),
  ratings: doc.ratings.map((r) => ({
    ...r,
    scores: Object.entries(r.scores).map(([dimension, score]) => ({ dimension, score })),
  })),
  averageRating: doc.averageRating,
  lastCollaboration: doc.lastCollaboration ? { ...doc.lastCollaboration } : null,
  tags: [...doc.tags],
  notes: doc.notes.map((n) => ({ ...n })),
  favourite: doc.favourite,
  blocked: doc.blocked,
  blockReason: doc.blockReason,
  markets: [...doc.markets],
  categories: [...doc.categories],
  updatedAt: doc.updatedAt,
});

export const templateFromDoc = (doc: {
  templateId: string;
  name: string;
  brief: DomainBriefTemplate;
  createdAt: string;
  updatedAt: string;
}): BriefTemplate => ({
  id: doc.templateId,
  name: doc.name,
  brief: doc.brief,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});
