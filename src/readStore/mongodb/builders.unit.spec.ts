import { Aggregator } from 'mingo';
import { describe, expect, it } from 'vitest';
import type { CollectionSpec } from '../readStore.js';
import { groupPipelineOf, toStored } from './builders.js';

/**
 * The aggregation `topPerGroup` sends, checked as built (what a server would be asked) and run by
 * mingo against a plain sort-and-slice of the same documents.
 */
const jobs: CollectionSpec = {
  name: 'jobs',
  indexes: [
    { field: 'personId', type: 'string' },
    { field: 'at', type: 'string' },
    { field: 'pay', type: 'number' },
  ],
};

describe('MongoDB topPerGroup pipeline', () => {
  const query = {
    groupField: 'personId',
    groups: ['p1', 'p2'],
    perGroup: 3,
    orderBy: [{ field: 'at', direction: 'desc' as const }],
  };

  it('keeps only the first documents of each group in the group stage, never a whole group', () => {
    const pipeline = groupPipelineOf(jobs, query);
    expect(pipeline).toEqual([
      { $match: { 'ix.f_personId': { $in: ['p1', 'p2'] } } },
      {
        $group: {
          _id: '$ix.f_personId',
          // Ties broken by id in the direction of the last key, as every adapter breaks them.
          docs: { $topN: { n: 3, sortBy: { 'ix.f_at': -1, _id: -1 }, output: '$doc' } },
        },
      },
    ]);
    // $push cannot spill to disk and fails past 100 MB in one group.
    expect(JSON.stringify(pipeline)).not.toContain('$push');
  });

  it('outputs only the id and the selected index values when asked', () => {
    const [, group] = groupPipelineOf(jobs, { ...query, select: ['pay'] });
    expect(group).toMatchObject({
      $group: { docs: { $topN: { output: { id: '$_id', f_pay: '$ix.f_pay' } } } },
    });
  });

  it('answers what sorting each group and taking its first documents answers', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const stored = Array.from({ length: 400 }, (_, i) =>
      toStored(
        jobs,
        `j${String(i).padStart(3, '0')}`,
        {
          personId: `p${Math.floor(random() * 4)}`,
          at: `2026-0${1 + Math.floor(random() * 3)}-01`,
          pay: Math.floor(random() * 5),
        },
        BigInt(i),
      ),
    );
    const groups = ['p0', 'p1', 'p3'];
    for (const direction of ['asc', 'desc'] as const) {
      const asked = { ...query, groups, perGroup: 5, orderBy: [{ field: 'pay', direction }] };
      const found = new Aggregator(groupPipelineOf(jobs, asked)).run(stored) as {
        _id: string;
        docs: { personId: string }[];
      }[];
      const sign = direction === 'asc' ? 1 : -1;
      for (const group of groups) {
        const job = (s: (typeof stored)[number]) => s.doc as { personId: string; pay: number };
        const expected = stored
          .filter((s) => job(s).personId === group)
          .sort((a, b) => sign * (job(a).pay - job(b).pay || (a._id < b._id ? -1 : 1)))
          .slice(0, 5)
          .map((s) => s.doc);
        expect(found.find((f) => f._id === group)!.docs).toEqual(expected);
      }
    }
  });
});
