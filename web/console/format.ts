/** Raw JSON as the log holds it, for those who open the disclosure. */
export const json = (value: unknown): string => JSON.stringify(value, null, 2);
