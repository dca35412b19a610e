import { DomainError } from '../../core/errors.js';
import { requireRole } from '../shared.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { dueReminders } from './reminders.js';

/**
 * The platform's reminder before a deadline (reminders.ts), checked against the stream as FireDeadline
 * is: a deadline met or moved since the scheduler looked, a reminder already sent (by another
 * scheduler too), or one whose time has not come, is refused and nothing is appended.
 */
export const decideReminder = (
  command: CollaborationCommandOf<'SendDeadlineReminder'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireRole(command.actor, 'PLATFORM');
  const reminder = dueReminders(state, command.now).find(
    (r) => r.rule === command.rule && r.dueAt === command.dueAt && r.hoursBefore === command.hoursBefore,
  );
  if (!reminder) {
    throw new DomainError(
      'REMINDER_NOT_APPLICABLE',
      `No reminder ${command.hoursBefore} h before ${command.rule} at ${command.dueAt} is due now`,
    );
  }
  return [
    {
      type: 'DeadlineReminderSent',
      data: {
        rule: reminder.rule,
        dueAt: reminder.dueAt,
        hoursBefore: reminder.hoursBefore,
        sides: reminder.sides,
      },
    },
  ];
};
