import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { isExcluded, NOTICES } from '../../projections/notifications/notificationKinds.js';
import type { Recorded } from '../../src/core/event.js';
import { LOCALES } from '../../web/i18n/locales.js';
import { catalog } from '../../web/i18n/messages/index.js';
import { notificationText } from '../../web/i18n/notifications.js';
import { CREATOR, day, scenario } from '../support/collaborationFixtures.js';

/** A code on screen: an UPPER_SNAKE value, a message id, an argument left unfilled. */
const CODE = /\b[A-Z]{2,}_[A-Z_]+\b|\bnotification\.|[{}]/;

/**
 * Notifications in the console's words (DOMAIN.md § Notifications): each kind worded from the
 * parameters the notifications table gives it, in both languages, with no code left on screen.
 */
describe('notification words', () => {
  // The events of a collaboration through every step, each with the parameters its kind carries.
  const s = scenario()
    .upToScriptApproved()
    .published(day(30))
    .metrics(day(31), { views: 10 })
    .metrics(day(32), { views: 5 })
    .completed(day(40))
    .run(CREATOR, day(41), {
      type: 'OpenDispute',
      disputeId: 'd1',
      reason: 'NON_PAYMENT',
      statement: 'The final payment was never released to me',
    } as never);
  const told = s.events.flatMap(({ event, at }) => {
    const entry = NOTICES[event.type];
    if (isExcluded(entry)) return [];
    const recorded = { ...event, metadata: { role: 'SELLER', occurredAt: at } } as unknown as Recorded<never>;
    const params =
      (entry.params as ((e: Recorded<never>) => Record<string, unknown>) | undefined)?.(recorded) ?? {};
    return [{ kind: entry.kind, params }];
  });
  const reminder = {
    kind: 'DEADLINE_REMINDER',
    params: { rule: 'SCRIPT_AUTO_APPROVED', dueAt: day(9), hoursBefore: 48 },
  };
  const statement = { kind: 'DISPUTE_STATEMENT_ADDED', params: { disputeId: 'd1', side: 'ARBITRATOR' } };
  const disabled = {
    kind: 'WEBHOOK_ENDPOINT_DISABLED',
    params: { endpointId: 'e1', reason: 'DELIVERIES_FAILING', failingSince: day(1) },
  };

  it.each(LOCALES.map((l) => [l]))('in %s, with every parameter in words', (locale) => {
    const intl = createIntl({
      locale,
      messages: catalog(locale),
      onError: (e) => {
        throw e;
      },
    });
    expect(told.map((n) => n.kind)).toEqual(
      expect.arrayContaining(['PROPOSAL_RECEIVED', 'CONTENT_PUBLISHED', 'PAYMENT_DUE', 'DISPUTE_OPENED']),
    );
    const texts = [...told, reminder, statement, disabled].map((n) => [
      n.kind,
      notificationText(intl, n.kind, n.params),
    ]);
    expect(texts.filter(([, text]) => CODE.test(text!))).toEqual([]);
    const published = texts.find(([kind]) => kind === 'CONTENT_PUBLISHED')![1];
    expect(published).toMatch(locale === 'en' ? /TikTok.*late/ : /TikTok.*迟了/);
    const stated = texts.find(([kind]) => kind === 'DISPUTE_STATEMENT_ADDED')![1];
    expect(stated).toMatch(locale === 'en' ? /^The arbitrator added a statement/ : /^仲裁员为争议 d1/);
  });
});
