/**
 * Well before a targeted variant is due — when it is approved or rescheduled — the network is asked whether
 * it knows every place and language of the variant's segment (Facebook: its targeting search). A name it
 * does not know would fail the post at its second (it is never sent wider than its segment), so the author
 * hears it now, in a notification with the names, while there is time to fix the segment. Best effort: a
 * network or token problem here is left to the publish job, which meets it again and handles it.
 */
import { providerAccountOf } from '../../channels/credentials';
import { ProviderError } from '../../channels/providers/provider';
import { notify } from '../notifications/notify';
import type { AudienceCheckData } from './publish-jobs';
import { targetingOf } from './publish-request';
import type { PublishContext } from './publish-variant';
import { findForPublish } from './publishing-repository';

export async function checkAudience(ctx: PublishContext, data: AudienceCheckData) {
  const { deps } = ctx;
  const row = await findForPublish(deps.prisma, data.variantId);
  if (!row || row.deletedAt || row.state !== 'scheduled' || row.scheduleVersion !== data.scheduleVersion) return { outcome: 'stale' };
  const targeting = targetingOf(row.segment);
  const provider = ctx.providers(row.channelAccount.provider);
  if (!targeting || !provider.limits.supportsTargeting || !provider.unknownAudience) return { outcome: 'nothing to check' };
  try {
    const account = providerAccountOf(ctx.keys, row.channelAccount);
    const unknown = await provider.unknownAudience(account, targeting);
    if (unknown.length === 0) return { outcome: 'ok' };
    const detail = unknown.map((u) => (u.kind === 'language' ? u.name : `${u.name} (${u.country})`)).join(', ');
    await notify(deps.prisma, row.workspaceId, {
      userIds: [row.post.authorId],
      kind: 'publish_at_risk',
      postId: row.postId,
      data: { title: row.post.title, channel: row.channelAccount.name, detail, deadline: row.scheduledAt?.toISOString() ?? null },
      dedupeKey: `publish_at_risk:${row.id}:${row.scheduleVersion}`,
    });
    return { outcome: 'at risk', unknown };
  } catch (error) {
    const reason = error instanceof ProviderError ? `${error.kind}: ${error.message}` : String(error);
    deps.logger.warn({ variantId: row.id, reason }, 'could not check the audience ahead; the publish job will meet it');
    return { outcome: 'not checked' };
  }
}
