import type { Deps } from '../../deps';
import { findWorkspace } from '../workspaces/workspace-repository';
import { bestTimes } from './best-times';
import { measure } from './content-report';
import { publishedVariants } from './reports-repository';

/**
 * Best hours for a channel (and segment) from the last `weeks` weeks of the workspace's own posts. When
 * the segment alone has too little history, the channel as a whole answers (and says so in `scope`).
 */
export async function getBestTimes(
  deps: Deps,
  workspaceId: string,
  query: { channelId?: string; segmentId?: string; weeks: number },
  now = new Date(),
) {
  const timeZone = (await findWorkspace(deps.prisma, workspaceId))?.timeZone ?? 'Asia/Seoul';
  const range = { from: new Date(now.getTime() - query.weeks * 7 * 86_400_000), to: now };
  const read = async (segmentId: string | undefined) => {
    const rows = await publishedVariants(deps.sql, workspaceId, timeZone, {
      ...range,
      channelIds: query.channelId ? [query.channelId] : undefined,
      segmentIds: segmentId ? [segmentId] : undefined,
    });
    return bestTimes(rows.map(measure));
  };
  let scope: 'segment' | 'channel' | 'workspace' = query.segmentId ? 'segment' : query.channelId ? 'channel' : 'workspace';
  let answer = await read(query.segmentId);
  if (!answer.enough && query.segmentId) {
    const wider = await read(undefined);
    if (wider.enough) {
      answer = wider;
      scope = query.channelId ? 'channel' : 'workspace';
    }
  }
  return { timeZone, channelId: query.channelId ?? null, segmentId: query.segmentId ?? null, scope, weeks: query.weeks, ...answer };
}
