/**
 * Calendar months, for usage rights given in months (DOMAIN.md § Usage rights): the same day of the
 * month `months` later, in UTC, or that month's last day when it has no such day (31 January + 1
 * month is 28 or 29 February), at the same time of day.
 */
export const addMonths = (instant: string, months: number): string => {
  const from = new Date(instant);
  const target = new Date(from.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(from.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target.toISOString();
};
