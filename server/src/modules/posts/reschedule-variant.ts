import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { afterReschedule } from '../approvals/after-reschedule';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { syncPostJobs } from '../publishing/sync-post-jobs';
import { findVariantForSchedule, findVariantRow, setVariantSchedule, toVariant } from './post-repository';
import { formatProblem } from './rules/messages';
import { validateVariant } from './rules/validate-variant';

const MOVABLE = new Set(['draft', 'scheduled', 'failed']);

/**
 * Moves one variant to another time (the calendar's drag and drop, or the drawer's date field).
 * Moving is not a content change: the post's version stays; the schedule version increments so
 * the publishing job id changes with it.
 */
export async function rescheduleVariant(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  variantId: string,
  scheduledAt: Date | null,
  now = new Date(),
) {
  const moved = await deps.prisma.$transaction(async (tx) => {
    const variant = await findVariantForSchedule(tx, workspaceId, variantId);
    if (!variant) throw notFound('Variant');
    if (!MOVABLE.has(variant.state)) {
      throw new AppError('invalid_state', `A ${variant.state} variant cannot be moved`, { state: variant.state, movable: [...MOVABLE] });
    }
    if (scheduledAt) {
      const [problem] = validateVariant(
        { provider: variant.channelAccount.provider, text: 'x', media: [], scheduledAt, link: null, firstComment: null, segment: null },
        { now },
      ).filter((p) => p.field === 'scheduledAt');
      if (problem) throw new AppError('unprocessable', formatProblem(problem, 'en'), [{ ...problem, message: formatProblem(problem, 'en') }]);
    }
    await setVariantSchedule(tx, variant.id, scheduledAt);
    await afterReschedule(tx, actor, workspaceId, variant.post.id, now);
    const updated = toVariant(await findVariantRow(tx, variant.id));
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'variant',
      entityId: variant.id,
      action: 'variant.rescheduled',
      before: { scheduledAt: variant.scheduledAt },
      after: { scheduledAt },
    });
    return updated;
  });
  await syncPostJobs(deps, moved.postId);
  return moved;
}
