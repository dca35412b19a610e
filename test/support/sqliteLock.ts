import Database from 'better-sqlite3';

/**
 * Another connection (another thread or process) holding the SQLite file's write lock for `ms`:
 * resolves once it has committed and closed.
 */
export const holdWriteLock = (path: string, ms: number): Promise<void> => {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  return new Promise<void>((resolve) =>
    setTimeout(() => {
      other.exec('COMMIT');
      other.close();
      resolve();
    }, ms),
  );
};
