import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { deleteSegmentRow, findSegment, insertSegment, updateSegmentRow, variantsUsingSegment } from './segment-repository';

type SegmentInput = {
  name?: string;
  color?: string;
  description?: string;
  regions?: Array<{ country: string; region?: string; city?: string }>;
  ageMin?: number | null;
  ageMax?: number | null;
  genders?: string[];
  locales?: string[];
  interests?: string[];
};

export function createSegment(deps: Deps, actor: AuditActor, workspaceId: string, input: SegmentInput & { name: string; color: string }) {
  return deps.prisma.$transaction(async (tx) => {
    const segment = await insertSegment(tx, workspaceId, input);
    await recordAudit(tx, actor, { workspaceId, entityType: 'segment', entityId: segment.id, action: 'segment.created', after: segment });
    return segment;
  });
}

export function updateSegment(deps: Deps, actor: AuditActor, workspaceId: string, id: string, input: SegmentInput & { archived?: boolean }) {
  return deps.prisma.$transaction(async (tx) => {
    const before = await findSegment(tx, workspaceId, id);
    if (!before) throw notFound('Segment');
    const { archived, ...fields } = input;
    const archivedAt = archived === undefined ? undefined : archived ? (before.archivedAt ?? new Date()) : null;
    const after = await updateSegmentRow(tx, id, { ...fields, archivedAt });
    const action = archived === true ? 'segment.archived' : archived === false ? 'segment.restored' : 'segment.updated';
    await recordAudit(tx, actor, { workspaceId, entityType: 'segment', entityId: id, action, before, after });
    return after;
  });
}

/** A segment that planned posts use is not deleted silently: 409 naming the posts (archive it instead). */
export function deleteSegment(deps: Deps, actor: AuditActor, workspaceId: string, id: string) {
  return deps.prisma.$transaction(async (tx) => {
    const segment = await findSegment(tx, workspaceId, id);
    if (!segment) throw notFound('Segment');
    const users = await variantsUsingSegment(tx, id);
    if (users.length) {
      const posts = [...new Map(users.map((v) => [v.post.id, v.post])).values()];
      throw new AppError('segment_in_use', `${posts.length} planned post(s) use this segment; archive it instead, or move those posts first`, {
        posts,
      });
    }
    await deleteSegmentRow(tx, id);
    await recordAudit(tx, actor, { workspaceId, entityType: 'segment', entityId: id, action: 'segment.deleted', before: segment });
  });
}
