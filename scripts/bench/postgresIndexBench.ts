/**
 * npm run bench:postgres-indexes [-- --docs 50000]
 * How the PostgreSQL read store should index a collection's declared fields, measured: the same
 * documents (creator-like, ~1.7 kB each) in two tables, one with a column per declared index
 * written beside the document, kept as `json` (B-tree over (value, id), GIN over an array for a
 * multi-valued field: the layout of src/readStore/postgresql/tables.ts), one with the document as
 * JSONB and expression indexes over it (the same keys, computed by the server from the document). Each runs the statements the read
 * store's query compiler sends for `query` (a filtered, sorted page, then the next page), `count`
 * and `topPerGroup` (with `select`, and whole documents), on the server LEDGER_BENCH_POSTGRES_URL or
 * POSTGRES_TEST_URL names (a database made for the run and dropped after), and prints the mean
 * time of each, side by side. Ends with one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createPool } from '../../src/postgres/pool.js';
import { printTable, round } from './stats.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '50000' } } });
const docs = Number(values.docs);
const server = process.env.LEDGER_BENCH_POSTGRES_URL || process.env.POSTGRES_TEST_URL;
if (!server) {
  console.error('Set LEDGER_BENCH_POSTGRES_URL (or POSTGRES_TEST_URL) to a PostgreSQL server');
  process.exit(2);
}

const admin = createPool({ url: server, max: 1, applicationName: 'bench:postgres-indexes' });
const name = `ledger_bench_${randomBytes(6).toString('hex')}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const pool = createPool({ url: url.toString(), max: 1, applicationName: 'bench:postgres-indexes' });

/** The expressions layout B indexes: what layout A keeps in columns. */
const EXPRESSIONS = {
  country: `(doc->>'country') COLLATE "C"`,
  followers: `coalesce((doc->>'followers')::double precision, -1)`,
  rating: `coalesce((doc->>'rating')::double precision, -1)`,
  categories: `(doc->'categories')`,
};

try {
  console.log(`Writing ${docs} documents into each layout…`);
  // The documents, made by the server (the same in both tables).
  await pool.query(`CREATE TABLE source AS
    SELECT 'c-' || lpad(i::text, 6, '0') AS id,
           jsonb_build_object(
             'country', (ARRAY['US','GB','DE','FR','ES','IT','JP','KR','BR','MX','CA','AU','NL','SE','PL','TR','IN','ID','TH','VN'])[1 + i % 20],
             'followers', (i * 7919) % 2000000,
             'rating', CASE WHEN i % 9 = 0 THEN NULL ELSE round(((i * 37) % 400)::numeric / 100 + 1, 2) END,
             'categories', jsonb_build_array((ARRAY['BEAUTY','TECH','HOME','FOOD','FASHION','TOYS','SPORTS','PETS'])[1 + i % 8], (ARRAY['BEAUTY','TECH','HOME','FOOD','FASHION','TOYS','SPORTS','PETS'])[1 + (i / 8) % 8]),
             'profile', repeat(md5(i::text), 48)
           ) AS doc
      FROM generate_series(1, ${docs}) i`);
  await pool.query(`CREATE TABLE columns (id text COLLATE "C" PRIMARY KEY, doc json NOT NULL,
      f_country text COLLATE "C" NOT NULL, f_followers double precision NOT NULL,
      f_rating double precision NOT NULL, f_categories text[] COLLATE "C" NOT NULL)`);
  await pool.query(`INSERT INTO columns SELECT id, doc, ${EXPRESSIONS.country}, ${EXPRESSIONS.followers},
      ${EXPRESSIONS.rating}, ARRAY(SELECT jsonb_array_elements_text(doc->'categories')) FROM source`);
  for (const column of ['f_country', 'f_followers', 'f_rating'])
    await pool.query(`CREATE INDEX ON columns (${column}, id)`);
  await pool.query('CREATE INDEX ON columns USING gin (f_categories)');
  await pool.query('CREATE INDEX ON columns (f_country, f_rating, id)');
  await pool.query(`CREATE TABLE expressions (id text COLLATE "C" PRIMARY KEY, doc jsonb NOT NULL)`);
  await pool.query('INSERT INTO expressions SELECT id, doc FROM source');
  for (const field of ['country', 'followers', 'rating'] as const)
    await pool.query(`CREATE INDEX ON expressions ((${EXPRESSIONS[field]}), id)`);
  await pool.query(`CREATE INDEX ON expressions USING gin (${EXPRESSIONS.categories} jsonb_path_ops)`);
  await pool.query(`CREATE INDEX ON expressions ((${EXPRESSIONS.country}), (${EXPRESSIONS.rating}), id)`);
  await pool.query('DROP TABLE source');
  await pool.query('VACUUM ANALYZE');

  /** The same statement in both layouts: `key(field)` is a column or an expression. */
  const cases: {
    name: string;
    sql: (key: (field: keyof typeof EXPRESSIONS) => string) => string;
    params: unknown[];
  }[] = [
    {
      name: 'query: country = ?, by followers desc, first 21',
      sql: (key) =>
        `SELECT ${key('followers')} AS k0, id, doc::text FROM %t WHERE ${key('country')} = $1 ORDER BY ${key('followers')} DESC, id DESC LIMIT 21`,
      params: ['DE'],
    },
    {
      name: 'query: its next page (keyset)',
      sql: (key) =>
        `SELECT ${key('followers')} AS k0, id, doc::text FROM %t WHERE ${key('country')} = $1 AND (${key('followers')}, id) < ($2::double precision, $3::text) ORDER BY ${key('followers')} DESC, id DESC LIMIT 21`,
      params: ['DE', 1_000_000, 'c-020000'],
    },
    {
      name: 'query: category holds ?, by followers desc, first 21',
      sql: (key) =>
        key('categories') === 'f_categories'
          ? `SELECT id, doc::text FROM %t WHERE f_categories && $1::text[] ORDER BY f_followers DESC, id DESC LIMIT 21`
          : `SELECT id, doc::text FROM %t WHERE ${EXPRESSIONS.categories} @> to_jsonb($1::text[]) ORDER BY ${key('followers')} DESC, id DESC LIMIT 21`,
      params: [['PETS']],
    },
    {
      name: 'count: country = ?',
      sql: (key) => `SELECT count(*) FROM %t WHERE ${key('country')} = $1`,
      params: ['DE'],
    },
    {
      name: 'count: followers >= ?',
      sql: (key) => `SELECT count(*) FROM %t WHERE ${key('followers')} >= $1`,
      params: [1_500_000],
    },
    {
      name: 'topPerGroup: 20 countries, 5 best rated, select rating',
      sql: (key) =>
        `SELECT g.n, m.* FROM unnest($1::text[]) WITH ORDINALITY AS g(value, n) CROSS JOIN LATERAL (SELECT id, ${key('rating')} AS s0 FROM %t WHERE ${key('country')} = g.value ORDER BY ${key('rating')} DESC, id DESC LIMIT 5) AS m ORDER BY g.n, m.s0 DESC, m.id DESC`,
      params: [
        [
          'US',
          'GB',
          'DE',
          'FR',
          'ES',
          'IT',
          'JP',
          'KR',
          'BR',
          'MX',
          'CA',
          'AU',
          'NL',
          'SE',
          'PL',
          'TR',
          'IN',
          'ID',
          'TH',
          'VN',
        ],
      ],
    },
    {
      name: 'topPerGroup: 20 countries, 5 best rated, documents',
      sql: (key) =>
        `SELECT g.n, m.* FROM unnest($1::text[]) WITH ORDINALITY AS g(value, n) CROSS JOIN LATERAL (SELECT doc::text AS doc, ${key('rating')} AS k0, id AS k1 FROM %t WHERE ${key('country')} = g.value ORDER BY ${key('rating')} DESC, id DESC LIMIT 5) AS m ORDER BY g.n, m.k0 DESC, m.k1 DESC`,
      params: [
        [
          'US',
          'GB',
          'DE',
          'FR',
          'ES',
          'IT',
          'JP',
          'KR',
          'BR',
          'MX',
          'CA',
          'AU',
          'NL',
          'SE',
          'PL',
          'TR',
          'IN',
          'ID',
          'TH',
          'VN',
        ],
      ],
    },
  ];
  const column = (field: keyof typeof EXPRESSIONS) => `f_${field}`;
  const expression = (field: keyof typeof EXPRESSIONS) => EXPRESSIONS[field];
  /** Mean ms of a statement, its result checked against the other layout's. */
  const measure = async (text: string, params: unknown[]) => {
    for (let i = 0; i < 20; i++) await pool.query(text, params);
    const runs = 200;
    const started = performance.now();
    let rows: unknown[] = [];
    for (let i = 0; i < runs; i++) rows = (await pool.query(text, params)).rows;
    return { ms: (performance.now() - started) / runs, rows: JSON.stringify(rows) };
  };
  const results = [];
  for (const c of cases) {
    const a = await measure(c.sql(column).replace('%t', 'columns'), c.params);
    const b = await measure(c.sql(expression).replace('%t', 'expressions'), c.params);
    if (a.rows !== b.rows) throw new Error(`${c.name}: the layouts answered differently`);
    results.push({ case: c.name, 'columns ms': round(a.ms, 3), 'expressions ms': round(b.ms, 3) });
  }
  const size = async (t: string) =>
    Math.round(
      Number((await pool.query<{ s: string }>(`SELECT pg_total_relation_size('${t}') AS s`)).rows[0]!.s) /
        1e6,
    );
  printTable(results);
  console.log(
    `size with indexes: columns ${await size('columns')} MB, expressions ${await size('expressions')} MB`,
  );
  console.log(JSON.stringify({ bench: 'postgres-indexes', docs, results }));
} finally {
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
