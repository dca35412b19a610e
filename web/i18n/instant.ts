/**
 * Instants typed by a person, in the zone the apps show times in (the viewer's own, or UTC), and
 * written back for them the same way: `YYYY-MM-DD HH:mm:ss`, 24-hour, the same in every language.
 * What the API is sent is always a full RFC 3339 instant with seconds (its DateTime refuses
 * `…T22:24Z`).
 */
const PATTERN = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*$/;

/** The instant `text` names in the viewer's zone (or UTC), as an ISO string; null when it names none. */
export const parseInstant = (text: string, utc: boolean): string | null => {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const parts = [year!, month! - 1, day!, hour, minute, second] as const;
  const date = utc ? new Date(Date.UTC(...parts)) : new Date(...parts);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 2026-02-31 over into March: a day or time out of range names no instant.
  const back = utc
    ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()]
    : [date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes()];
  if (back.some((value, i) => value !== parts[i])) return null;
  if (second > 59) return null;
  return date.toISOString();
};

const two = (n: number): string => String(n).padStart(2, '0');

/** `iso` as a person types it, in the viewer's zone (or UTC). */
export const typedInstant = (iso: string, utc: boolean): string => {
  const d = new Date(iso);
  const [y, mo, da, h, mi, s] = utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ]
    : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${two(mo + 1)}-${two(da)} ${two(h)}:${two(mi)}:${two(s)}`;
};
