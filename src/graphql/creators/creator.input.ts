import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Category } from '../common/enums.js';
import { CommandResult } from '../collaborations/collaboration.type.js';
import { PlatformAccount } from './creator.type.js';

@InputType({ description: 'A creator registers itself (the creator id comes from the token)' })
export class RegisterCreatorInput {
  @Field(() => String) displayName!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2' }) country!: string;
  @Field(() => [String], { description: 'ISO 639-1, optional region' }) languages!: string[];
  @Field(() => [Category]) categories!: string[];
  @Field(() => [PlatformAccount]) platformAccounts!: PlatformAccount[];
  @Field(() => String, { nullable: true }) bio?: string;
}

@InputType({ description: 'Only the fields given change' })
export class UpdateCreatorProfileInput {
  @Field(() => String, { nullable: true }) displayName?: string;
  @Field(() => String, { nullable: true }) country?: string;
  @Field(() => [String], { nullable: true }) languages?: string[];
  @Field(() => [Category], { nullable: true }) categories?: string[];
  @Field(() => [PlatformAccount], { nullable: true }) platformAccounts?: PlatformAccount[];
  @Field(() => String, { nullable: true }) bio?: string;
}

@ObjectType({
  description: 'What a creator command wrote; `creator` waits (bounded) until the directory shows it',
})
export class CreatorPayload extends CommandResult {
  @Field(() => ID) creatorId!: string;
}
