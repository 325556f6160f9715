import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { recordAudit } from '../audit/record-audit';
import { checkFeedFilters } from './check-feed-filters';
import { findFeedOf, updateFeedFilters } from './feed-repository';
import type { FeedFilters } from './schemas';

/** Changes what my feed contains without a new secret: calendar apps already subscribed keep working. */
export async function changeFeedFilters(deps: Deps, actor: AuditActor, workspaceId: string, userId: string, filters: FeedFilters) {
  const checked = await checkFeedFilters(deps.prisma, workspaceId, filters);
  return deps.prisma.$transaction(async (tx) => {
    const before = await findFeedOf(tx, workspaceId, userId);
    if (!before) throw notFound('Calendar feed');
    await updateFeedFilters(tx, workspaceId, userId, checked as Prisma.InputJsonValue);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'calendar_feed',
      entityId: before.id,
      action: 'calendar_feed.filters_changed',
      before: { filters: before.filters },
      after: { filters: checked },
    });
    return { exists: true, createdAt: before.createdAt, filters: checked };
  });
}
