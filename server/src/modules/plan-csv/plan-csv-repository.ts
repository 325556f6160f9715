import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlReader } from '../../lib/db';

/** Every name a plan CSV may use, for the workspace: channels (name, handle), segments, campaigns. */
export async function workspaceNames(db: Db, workspaceId: string) {
  const [channels, segments, campaigns] = await Promise.all([
    db.channelAccount.findMany({ where: { workspaceId }, select: { id: true, name: true, handle: true, provider: true } }),
    db.segment.findMany({ where: { workspaceId }, select: { id: true, name: true } }),
    db.campaign.findMany({ where: { workspaceId }, select: { id: true, name: true } }),
  ]);
  return { channels, segments, campaigns };
}
export type WorkspaceNames = Awaited<ReturnType<typeof workspaceNames>>;

export interface VariantDetails {
  id: string;
  text: string;
  link: string | null;
  firstComment: string | null;
  mediaIds: string[];
}

/** What the calendar rows leave out (the full text, link, first comment, media), for many variants in one query. */
export function variantDetails(sql: SqlReader, workspaceId: string, ids: string[]): Promise<VariantDetails[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return sql.query<VariantDetails>(Prisma.sql`
    SELECT v.id, v.text, v.link, v."firstComment",
      coalesce((SELECT array_agg(vm."mediaId"::text ORDER BY vm.position) FROM "VariantMedia" vm WHERE vm."variantId" = v.id), '{}') AS "mediaIds"
    FROM "Variant" v
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v.id = ANY(${ids}::uuid[])`);
}
