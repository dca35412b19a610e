/**
 * Takes a lease of the SQLite read store at the path given (for a minute), prints "held", and
 * keeps the store open until killed: a holder that ends without a word.
 */
import { getSQLiteReadStore } from '../../../src/readStore/sqlite/sqliteReadStore.js';

const [path, name, holder] = process.argv.slice(2);
const store = getSQLiteReadStore({ path: path! });
const lease = await store.leases.acquire(name!, holder!, 60_000);
console.log(lease ? 'held' : 'not held');
setInterval(() => undefined, 60_000);
