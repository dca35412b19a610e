/**
 * Opens a read store whose log is checkpointed from a thread of its own, commits one document,
 * closes, and prints "closed" after the close: the process must get there (not exit while the close
 * waits for that thread) and then end by itself.
 */
import { getSQLiteReadStore } from '../../../src/readStore/sqlite/sqliteReadStore.js';

const [path] = process.argv.slice(2);
const store = getSQLiteReadStore({ path: path!, backgroundCheckpointMs: 50 });
await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
await store.commit('people', 1, [{ collection: 'people', id: 'p1', doc: { n: 1 }, position: 1n }], 1n);
await store.close();
console.log('closed');
