import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { z } from '../../lib/http/zod';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { colorSchema } from '../segments/schemas';

const day = z.iso.date({ error: 'must be a date like 2026-12-01' });
const fields = {
  name: z.string().trim().min(1, 'is required').max(80),
  color: colorSchema,
  startsOn: day.nullable().optional(),
  endsOn: day.nullable().optional(),
  goal: z.string().max(1000).optional(),
};
const inOrder = (c: { startsOn?: string | null; endsOn?: string | null }) => !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn;
export const createCampaignBody = z.strictObject(fields).refine(inOrder, { message: 'startsOn must not be after endsOn', path: ['endsOn'] });
export const updateCampaignBody = z
  .strictObject({ ...fields, archived: z.boolean() })
  .partial()
  .refine(inOrder, { message: 'startsOn must not be after endsOn', path: ['endsOn'] });
export const campaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: z.string(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    goal: z.string(),
    archivedAt: z.date().nullable(),
  })
  .openapi('Campaign');

const select = { id: true, name: true, color: true, startsOn: true, endsOn: true, goal: true, archivedAt: true } as const;
type Row = Prisma.CampaignGetPayload<{ select: typeof select }>;
const asDate = (d: string | null | undefined) => (d === undefined ? undefined : d === null ? null : new Date(`${d}T00:00:00Z`));
/** Dates are calendar days: shown as YYYY-MM-DD. */
export const toCampaign = (row: Row) => ({
  ...row,
  startsOn: row.startsOn?.toISOString().slice(0, 10) ?? null,
  endsOn: row.endsOn?.toISOString().slice(0, 10) ?? null,
});

export async function listCampaigns(db: Db, workspaceId: string, includeArchived: boolean) {
  const rows = await db.campaign.findMany({
    where: { workspaceId, ...(includeArchived ? {} : { archivedAt: null }) },
    orderBy: { name: 'asc' },
    select,
  });
  return rows.map(toCampaign);
}

export function findCampaign(db: Db, workspaceId: string, id: string) {
  return db.campaign.findFirst({ where: { id, workspaceId }, select });
}

type Input = z.infer<typeof updateCampaignBody>;

export function saveCampaign(deps: Deps, actor: AuditActor, workspaceId: string, id: string | null, input: Input) {
  return deps.prisma.$transaction(async (tx) => {
    const { archived, startsOn, endsOn, ...rest } = input;
    const data = { ...rest, startsOn: asDate(startsOn), endsOn: asDate(endsOn) };
    if (id === null) {
      const created = await tx.campaign.create({ data: { ...data, name: rest.name ?? '', color: rest.color ?? '#6366F1', workspaceId }, select });
      await recordAudit(tx, actor, { workspaceId, entityType: 'campaign', entityId: created.id, action: 'campaign.created', after: created });
      return toCampaign(created);
    }
    const before = await findCampaign(tx, workspaceId, id);
    if (!before) throw notFound('Campaign');
    const archivedAt = archived === undefined ? undefined : archived ? (before.archivedAt ?? new Date()) : null;
    const after = await tx.campaign.update({ where: { id }, data: { ...data, archivedAt }, select });
    await recordAudit(tx, actor, { workspaceId, entityType: 'campaign', entityId: id, action: 'campaign.updated', before, after });
    return toCampaign(after);
  });
}

export function deleteCampaign(deps: Deps, actor: AuditActor, workspaceId: string, id: string) {
  return deps.prisma.$transaction(async (tx) => {
    const campaign = await findCampaign(tx, workspaceId, id);
    if (!campaign) throw notFound('Campaign');
    const posts = await tx.post.findMany({ where: { campaignId: id, deletedAt: null }, take: 20, select: { id: true, title: true } });
    if (posts.length) throw new AppError('campaign_in_use', `${posts.length} post(s) belong to this campaign; archive it instead`, { posts });
    await tx.campaign.delete({ where: { id }, select: { id: true } });
    await recordAudit(tx, actor, { workspaceId, entityType: 'campaign', entityId: id, action: 'campaign.deleted', before: campaign });
  });
}
