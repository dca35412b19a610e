import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints an SQLite file's write-ahead log from a worker thread of its own, for a connection on
 * a thread that serves requests. Left to SQLite, the commit that finds the log past its threshold
 * copies the log into the database there and then, in the committing thread: a small commit of the
 * service's main thread, coming after the large commits of a rebuild thread, could copy tens of MB
 * and block every request for a quarter of a second (measured beside a rebuild of the large log).
 * That connection turns its automatic checkpoints off; this thread checkpoints every `everyMs`,
 * PASSIVE — never waiting for a reader or a writer, copying what it can. Other connections (other
 * threads and processes) keep their automatic checkpoints.
 */
export interface Checkpointer {
  close(): Promise<void>;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // Another checkpoint is running (SQLITE_BUSY): it does the work.
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export const startCheckpointer = (
  path: string,
  options: {
    readonly everyMs: number;
    readonly synchronous: 'NORMAL' | 'FULL';
    /**
     * The thread failed (it could not open the file, say): the connection that left checkpoints to
     * it must take them back, or its log would grow without end.
     */
    readonly onFailure: (error: unknown) => void;
  },
): Checkpointer => {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      path,
      everyMs: options.everyMs,
      synchronous: options.synchronous,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  // It never keeps the process alive.
  worker.unref();
  worker.on('error', options.onFailure);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    close: async () => {
      // Waited for: the process stays up until the thread has closed its connection.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
};
