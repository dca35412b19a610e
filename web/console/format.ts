/** An instant as auditors read it: UTC, to the second. */
export const when = (iso: string | null | undefined): string =>
  iso ? `${new Date(iso).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—';

export const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The first characters of a hash, enough to tell two apart on screen. */
export const short = (hash: string): string => `${hash.slice(0, 12)}…`;
