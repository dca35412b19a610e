import { readFileSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The image (Dockerfile) and the compose file (deploy/docker-compose.yml) read together, as Docker
 * would use them. Docker fills a new named volume with what the image holds at its mount point,
 * owner included; a folder the image lacks is made by Docker, owned by root. The service runs as
 * `node`: a folder it writes to (the signing key's, the data folder) must be in the image, owned
 * by that user, as KurrentDB's own image makes and chowns /var/lib/kurrentdb before `USER kurrent`.
 * (No Docker engine here: this checks the files, not a running container.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(`${root}/Dockerfile`, 'utf8');
const compose = parse(readFileSync(`${root}/deploy/docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, { build?: string; volumes?: string[]; environment?: Record<string, string> }>;
};

/** The final stage of the Dockerfile: its working folder, its user, and the folders it makes and gives to whom. */
const finalStage = () => {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim());
  const stage = lines.slice(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));
  const workdir =
    stage
      .find((l) => l.startsWith('WORKDIR '))
      ?.slice(8)
      .trim() ?? '/';
  const userAt = stage.findIndex((l) => l.startsWith('USER '));
  const user = stage[userAt]?.slice(5).trim() ?? 'root';
  const made = new Set<string>();
  const owned = new Map<string, string>();
  for (const line of stage.slice(0, userAt)) {
    if (!line.startsWith('RUN ')) continue;
    for (const command of line
      .slice(4)
      .split(/&&|;/)
      .map((c) => c.trim().split(/\s+/))) {
      const paths = command.slice(1).filter((a) => !a.startsWith('-'));
      if (command[0] === 'mkdir') paths.forEach((p) => made.add(posix.resolve(workdir, p)));
      if (command[0] === 'chown') {
        const [owner, ...targets] = paths;
        targets.forEach((p) => owned.set(posix.resolve(workdir, p), owner!.split(':')[0]!));
      }
    }
  }
  return { workdir, user, made, owned };
};

describe('the image and the compose file', () => {
  const image = finalStage();
  const ledger = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  it('run the service as a user of its own, not root', () => {
    expect(image.user).toBe('node');
    expect(ledger.map(([name]) => name).sort()).toEqual(['api-a', 'api-b', 'projector']);
  });

  it('give that user every folder the services mount', () => {
    for (const [, service] of ledger) {
      for (const volume of service.volumes ?? []) {
        const target = volume.split(':')[1]!;
        expect(image.made.has(target), `${target} is made in the image`).toBe(true);
        expect(image.owned.get(target), `${target} is the service user's`).toBe(image.user);
      }
    }
  });

  it('give it the folder of the signing key, on a volume, and the data folder', () => {
    for (const [, service] of ledger) {
      const keyFolder = dirname(service.environment!.LEDGER_AUDIT_SIGNING_KEY_FILE!);
      expect((service.volumes ?? []).map((v) => v.split(':')[1])).toContain(keyFolder);
    }
    // The data folder by default (config.ts: `data` under the working folder), for the image run alone.
    const data = posix.resolve(image.workdir, 'data');
    expect(image.owned.get(data)).toBe(image.user);
  });
});
