import type { Deps } from '../../../deps';
import { mailNotifications } from '../mail-notifications';
import { remindReviewers } from '../remind-reviewers';

/** Mails notifications not mailed yet (when SMTP is set). */
export const MAIL_NOTIFICATIONS_JOB = 'mail-notifications';
export const MAIL_EVERY_MS = 30_000;
/** Reminds reviewers of posts whose time is near. */
export const REMIND_REVIEWERS_JOB = 'remind-reviewers';
export const REMIND_EVERY_MS = 5 * 60_000;

export function runMailNotifications(deps: Deps) {
  return mailNotifications(deps);
}

export function runReviewReminders(deps: Deps) {
  return remindReviewers(deps);
}
