import type { Deps } from '../../deps';
import { openReviewLink } from './open-review-link';
import { variantLabels, workspaceLabel } from './review-link-repository';

/** What an outside reviewer sees: the workspace, the post's title and the variants of the version under review. */
export async function viewReviewLink(deps: Deps, token: string, now = new Date()) {
  const { link, ctx } = await openReviewLink(deps.prisma, token, now);
  const { post } = ctx;
  const [workspace, labels] = await Promise.all([
    workspaceLabel(deps.prisma, link.workspaceId),
    variantLabels(
      deps.prisma,
      link.workspaceId,
      post.variants.map((v) => v.channelAccountId),
      post.variants.flatMap((v) => (v.segmentId ? [v.segmentId] : [])),
    ),
  ]);
  const step = ctx.progress.current;
  return {
    workspace: { name: workspace?.name ?? '' },
    post: { title: post.title, version: post.version },
    step: { name: step?.name ?? '' },
    email: link.email,
    expiresAt: link.expiresAt,
    variants: post.variants.map((v) => {
      const channel = labels.channels.get(v.channelAccountId);
      return {
        id: v.id,
        text: v.text,
        link: v.link,
        firstComment: v.firstComment,
        mediaCount: v.mediaIds.length,
        channel: { provider: channel?.provider ?? 'x', name: channel?.name ?? '', handle: channel?.handle ?? '' },
        segment: v.segmentId ? { name: labels.segments.get(v.segmentId) ?? '' } : null,
      };
    }),
  };
}
