import type { Deps } from '../../../deps';
import { deleteProcessedDeliveries } from '../../inbox-ingest/sweep-deliveries';
import { deleteExpiredInvites } from '../../workspaces/invite-repository';
import { deleteExpiredSessions } from '../session-repository';

export const PURGE_EXPIRED_JOB = 'purge-expired';
/** Expired invites are kept this long so a late click still says "expired" rather than "not found". */
const KEEP_EXPIRED_INVITES_MS = 30 * 86_400_000;

/** Idempotent: deletes what has expired (sessions, invites, processed webhook deliveries); running it twice deletes nothing more. */
export async function purgeExpired(deps: Deps, now = new Date()) {
  const sessions = await deleteExpiredSessions(deps.prisma, now);
  const invites = await deleteExpiredInvites(deps.prisma, new Date(now.getTime() - KEEP_EXPIRED_INVITES_MS));
  const webhookDeliveries = await deleteProcessedDeliveries(deps, now);
  return { sessions, invites, webhookDeliveries };
}
