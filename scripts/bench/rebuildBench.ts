/**
 * npm run bench:rebuild [-- --size large|small]
 * Rebuilding every projection from the large log (seeded once into .bench/<size>, then reused),
 * beside the ceiling of reading and decoding the same log without projecting, in one run on this
 * machine. Each measurement runs the production build in a process of its own, so peak RSS is that
 * of the rebuild.
 * Ends with one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, round } from './stats.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'large' } } });
const size = values.size!;
const dir = resolve(process.env.LEDGER_BENCH_DIR ?? join('.bench', size));
const marker = join(dir, 'seeded.json');
const root = fileURLToPath(new URL('../..', import.meta.url));
/** Runs a script of the production build (what `npm start` runs, and rebuilds with). */
const built = (script: string, args: string[]) =>
  execFileSync(process.execPath, [join(root, 'dist', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  }).toString();

if (!existsSync(marker) || (JSON.parse(readFileSync(marker, 'utf8')) as { size: string }).size !== size) {
  console.log(`Seeding the ${size} log into ${dir} (once; later runs reuse it)…`);
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/seed.ts'), '--size', size], {
    env: { ...process.env, LEDGER_DATA_DIR: dir },
    stdio: 'inherit',
  });
  writeFileSync(marker, JSON.stringify({ size }));
}

interface Measure {
  events: number;
  seconds: number;
  eventsPerS: number;
  peakRssMb: number;
}
const lastJson = (output: string) => JSON.parse(output.trim().split('\n').at(-1)!) as Measure;
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
console.log('Reading the log without projecting…');
const read = lastJson(built('scripts/bench/rebuildMeasure.js', ['read', dir]));
console.log('Rebuilding every projection…');
const rebuild = lastJson(built('scripts/bench/rebuildMeasure.js', ['rebuild', dir]));

printTable([
  {
    case: 'read + decode the log (ceiling)',
    events: read.events,
    seconds: round(read.seconds, 1),
    'events/s': Math.round(read.eventsPerS),
    'peak RSS MB': read.peakRssMb,
  },
  {
    case: 'rebuild every projection',
    events: rebuild.events,
    seconds: round(rebuild.seconds, 1),
    'events/s': Math.round(rebuild.eventsPerS),
    'peak RSS MB': rebuild.peakRssMb,
  },
]);
console.log(`rebuild = ${round((rebuild.eventsPerS / read.eventsPerS) * 100, 1)}% of the read ceiling`);
console.log(
  JSON.stringify({
    bench: 'rebuild',
    events: rebuild.events,
    events_per_s: Math.round(rebuild.eventsPerS),
    peak_rss_mb: rebuild.peakRssMb,
    read_ceiling_events_per_s: Math.round(read.eventsPerS),
  }),
);
