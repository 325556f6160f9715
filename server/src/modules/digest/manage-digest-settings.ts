/** The digest's time and on/off (admins), and each member's own subscription. */
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { digestQueue } from './digest-jobs';
import { digestSettingsOf, setSubscription, subscriptionOf, upsertDigestSettings } from './digest-repository';
import { DEFAULT_SEND_TIME, nextSend } from './digest-schedule';
import { declareDigestSchedulers } from './schedule-digests';
import type { DigestSettingsInput } from './schemas';
import { isSubscribed, subscribedByDefault } from './subscribers';

export async function getDigestSettings(deps: Deps, workspaceId: string, userId: string, now = new Date()) {
  const settings = await digestSettingsOf(deps.prisma, workspaceId);
  if (!settings) throw notFound('Workspace');
  const sendTime = settings.sendTime ?? DEFAULT_SEND_TIME;
  const tz = settings.workspace.timeZone;
  const sub = await subscriptionOf(deps.prisma, workspaceId, userId);
  return {
    enabled: settings.enabled,
    sendTime,
    timeZone: tz,
    nextAt: nextSend(now, sendTime, tz).toISOString(),
    subscription: { subscribed: isSubscribed(sub.roles, sub.subscribed), byDefault: subscribedByDefault(sub.roles), chosen: sub.subscribed !== null },
  };
}

export async function updateDigestSettings(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, input: DigestSettingsInput) {
  const before = await digestSettingsOf(deps.prisma, workspaceId);
  if (!before) throw notFound('Workspace');
  await deps.prisma.$transaction(async (tx) => {
    const after = await upsertDigestSettings(tx, workspaceId, input);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'digest_settings',
      entityId: workspaceId,
      action: 'digest_settings.updated',
      before: { enabled: before.enabled, sendTime: before.sendTime ?? DEFAULT_SEND_TIME },
      after,
    });
  });
  // The new time gets its scheduler now (best effort: the reconciler declares it within minutes anyway).
  await declareDigestSchedulers(deps, digestQueue(deps)).catch((error) =>
    deps.logger.warn({ err: error, workspaceId }, 'could not declare the digest schedulers'),
  );
  return getDigestSettings(deps, workspaceId, actor.userId);
}

export async function updateSubscription(deps: Deps, workspaceId: string, userId: string, subscribed: boolean) {
  await setSubscription(deps.prisma, workspaceId, userId, subscribed);
  return getDigestSettings(deps, workspaceId, userId);
}
