import type { Db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { findKnownReferences } from './feed-repository';
import type { FeedFilters } from './schemas';

const ID_KEYS = ['channelIds', 'segmentIds', 'campaignIds', 'authorIds'] as const;

/**
 * The filters as stored: empty lists dropped (no list means "everything"), duplicates removed, and every
 * id checked against this workspace (an id from elsewhere is `422 unprocessable`, naming the field).
 */
export async function checkFeedFilters(db: Db, workspaceId: string, filters: FeedFilters): Promise<FeedFilters> {
  const out: FeedFilters = {};
  for (const key of [...ID_KEYS, 'states', 'labels'] as const) {
    const values = [...new Set(filters[key] ?? [])];
    if (values.length) Object.assign(out, { [key]: values });
  }
  const known = await findKnownReferences(db, workspaceId, {
    channelIds: out.channelIds ?? [],
    segmentIds: out.segmentIds ?? [],
    campaignIds: out.campaignIds ?? [],
    authorIds: out.authorIds ?? [],
  });
  const problems = ID_KEYS.flatMap((key) =>
    (out[key] ?? []).flatMap((id, index) => (known[key].has(id) ? [] : [{ field: `body.filters.${key}.${index}`, code: 'not_in_workspace' }])),
  );
  if (problems.length) {
    throw new AppError('unprocessable', `Not in this workspace: ${problems.map((p) => p.field).join(', ')}`, problems);
  }
  return out;
}
