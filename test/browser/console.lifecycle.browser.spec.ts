import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBriefInput } from '../support/briefInput.js';
import {
  AcceptProposalDocument,
  OpenDisputeDocument,
  ProposeCollaborationDocument,
} from '../support/generated/graphql.js';
import { foreignRequests, recordingContext, screenshot } from './browser.js';
import { signIn, startConsoleServer } from './consoleServer.js';

/**
 * The console on the lifecycle's dispute clocks (DOMAIN.md § Deadlines): k2's dispute left undecided
 * for 30 days, escalated by the platform, beside k3's dispute opened since, open and not escalated.
 */
describe('the audit console and escalated disputes', () => {
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  beforeAll(async () => {
    server = await startConsoleServer({ lifecycle: true });
    const { api, clock, tokens } = server;
    // k2's dispute was opened 5 days ago (test/support/lifecycleCollaboration.ts): 25 days more.
    clock.advanceDays(25);
    await api.services.scheduler.caughtUpTo(await api.services.eventStore.headPosition());
    await api.services.scheduler.fireDue();
    await api.ok(tokens.s1, ProposeCollaborationDocument, {
      input: { collaborationId: 'k3', creatorId: 'c1', brief: aBriefInput(clock.now()) },
    });
    await api.ok(tokens.c1, AcceptProposalDocument, { id: 'k3' });
    await api.ok(tokens.c1, OpenDisputeDocument, {
      input: {
        collaborationId: 'k3',
        disputeId: 'k3-d',
        reason: 'NON_PAYMENT',
        statement: 'The deposit is a week late',
      },
    });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
  });
  afterAll(async () => server?.close());

  it('lets an auditor list the disputes no arbitrator decided within 30 days, and see since when', async () => {
    const { page, errors, requests } = await recordingContext(server.browser);
    await signIn(page, server.origin, server.tokens.auditor, 'AUDITOR');
    const title = (count: number) => page.locator(`[data-testid=list-title][data-count="${count}"]`);
    const rows = page.locator('table.list tbody tr');
    const ids = (of = rows) => of.locator('td:first-child').allTextContents();

    await page.selectOption('select[name=status]', 'OPEN');
    await title(2).waitFor();
    expect((await ids()).sort()).toEqual(['k2-d', 'k3-d']);
    expect(await ids(rows.filter({ has: page.getByTestId('escalated') }))).toEqual(['k2-d']);

    await page.selectOption('select[name=status]', 'ESCALATED');
    await title(1).waitFor();
    expect(await ids()).toEqual(['k2-d']);
    await screenshot(page, 'console-escalated');
    // The choice is in the address, like the other filters.
    await page.reload();
    await title(1).waitFor();
    expect(await page.locator('select[name=status]').inputValue()).toBe('ESCALATED');

    await page.goto(`${server.origin}/console#/collaboration/k2`);
    await page.locator('[data-testid=dispute-clocks][data-escalated=true]').waitFor();
    expect(await page.locator('[data-testid=timeline] li .rule[data-rule=DISPUTE_ESCALATED]').count()).toBe(
      1,
    );
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, server.origin)).toEqual([]);
  });
});
