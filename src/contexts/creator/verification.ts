import type { CreatorProfile } from './creator.events.js';

/**
 * DOMAIN.md § Public reviews (verified parties): a creator is verified when every platform account
 * and every language its profile lists was checked by an arbitrator. One definition for the decider,
 * the directory and the API.
 */

/** One check an arbitrator recorded. */
export interface Mark {
  readonly verifiedAt: string;
  readonly check: string;
}

/** What was checked, by account (`accountKey`) and by language. */
export interface CreatorMarks {
  readonly accounts: Readonly<Record<string, Mark>>;
  readonly languages: Readonly<Record<string, Mark>>;
}

export const NO_MARKS: CreatorMarks = { accounts: {}, languages: {} };

/** An account is known by its platform and handle, whatever the case the handle is written in. */
export const accountKey = (platform: string, handle: string): string => `${platform}:${handle.toLowerCase()}`;

export interface CreatorVerificationView {
  readonly verified: boolean;
  /** When the last item the profile lists was checked, while all are. */
  readonly since: string | null;
  readonly accounts: readonly { platform: string; handle: string; mark: Mark | null }[];
  readonly languages: readonly { language: string; mark: Mark | null }[];
}

export const creatorVerification = (
  profile: CreatorProfile,
  marks: CreatorMarks,
): CreatorVerificationView => {
  const accounts = profile.platformAccounts.map((a) => ({
    platform: a.platform,
    handle: a.handle,
    mark: marks.accounts[accountKey(a.platform, a.handle)] ?? null,
  }));
  const languages = profile.languages.map((language) => ({
    language,
    mark: marks.languages[language] ?? null,
  }));
  const all = [...accounts, ...languages];
  const verified = all.length > 0 && all.every((item) => item.mark !== null);
  const since = verified
    ? all
        .map((item) => item.mark!.verifiedAt)
        .sort()
        .at(-1)!
    : null;
  return { verified, since, accounts, languages };
};
