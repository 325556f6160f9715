/**
 * What ingestion needs per workspace — its classification rules, deadline settings and time zone —
 * read once and kept for 10 s per process (rule edits in another process show within that time; edits
 * here drop the entry at once). The first read of a workspace gives it the starter rules, once: the
 * InboxSettings row is created with them and marks that it happened (a workspace whose admins deleted
 * every rule does not get them back).
 */
import type { Deps } from '../../deps';
import type { Db, PrismaClient, Tx } from '../../lib/db';
import type { Category, Rule, SentimentValue } from './classify';
import { businessHoursOf, type DeadlineSettings } from './deadlines';
import { starterRules } from './starter-rules';

export interface InboxContext {
  workspaceId: string;
  timeZone: string;
  rules: Rule[];
  deadlines: DeadlineSettings;
}

const TTL_MS = 10_000;
const cache = new Map<string, { at: number; context: Promise<InboxContext> }>();

export function forgetInboxContext(workspaceId: string): void {
  cache.delete(workspaceId);
}

/**
 * Creates the workspace's settings row and starter rules if it has no settings row yet. Idempotent. Given the
 * caller's transaction it works inside it (the embedded database has one connection: a second transaction
 * beside the caller's would wait for it forever).
 */
export async function ensureInboxSettings(prisma: PrismaClient, workspaceId: string, tx?: Tx): Promise<void> {
  const exists = await (tx ?? prisma).inboxSettings.findUnique({ where: { workspaceId }, select: { workspaceId: true } });
  if (exists) return;
  if (tx) await createInboxSettings(tx, workspaceId);
  else await prisma.$transaction((t) => createInboxSettings(t, workspaceId));
}

/** ON CONFLICT: a concurrent creator wins, and this adds nothing. */
async function createInboxSettings(tx: Tx, workspaceId: string): Promise<void> {
  const created = await tx.$queryRawUnsafe<Array<{ workspaceId: string }>>(
    `INSERT INTO "InboxSettings" ("workspaceId", "updatedAt") VALUES ($1::uuid, now()) ON CONFLICT DO NOTHING RETURNING "workspaceId"`,
    workspaceId,
  );
  if (created.length === 0) return;
  const rules = starterRules();
  await tx.classificationRule.createMany({
    data: rules.map((r) => ({ workspaceId, phrase: r.phrase, locale: r.locale, category: r.category, sentiment: r.sentiment, weight: r.weight })),
    skipDuplicates: true,
  });
}

export async function readRules(db: Db, workspaceId: string): Promise<Rule[]> {
  const rows = await db.classificationRule.findMany({
    where: { workspaceId },
    select: { id: true, phrase: true, locale: true, category: true, sentiment: true, weight: true },
    orderBy: [{ weight: 'desc' }, { phrase: 'asc' }],
  });
  return rows.map((r) => ({ ...r, category: r.category as Category | null, sentiment: r.sentiment as SentimentValue | null }));
}

/** Given the caller's transaction, everything is read (and the settings created) inside it. */
async function load(deps: Pick<Deps, 'prisma'>, workspaceId: string, tx?: Tx): Promise<InboxContext> {
  const db: Db = tx ?? deps.prisma;
  await ensureInboxSettings(deps.prisma, workspaceId, tx);
  // One after the other: on a transaction they would queue on its one connection anyway.
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  const settings = await db.inboxSettings.findUnique({
    where: { workspaceId },
    select: { businessHours: true, urgentSameBusinessDay: true, otherTargetHours: true },
  });
  const rules = await readRules(db, workspaceId);
  return {
    workspaceId,
    timeZone: workspace?.timeZone ?? 'Asia/Seoul',
    rules,
    deadlines: {
      businessHours: businessHoursOf(settings?.businessHours),
      urgentSameBusinessDay: settings?.urgentSameBusinessDay ?? true,
      otherTargetHours: settings?.otherTargetHours ?? 24,
    },
  };
}

/** The workspace's context; when not cached, read through the caller's transaction if it passes one. */
export function inboxContext(deps: Pick<Deps, 'prisma'>, workspaceId: string, tx?: Tx): Promise<InboxContext> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.context;
  const context = load(deps, workspaceId, tx);
  cache.set(workspaceId, { at: Date.now(), context });
  context.catch(() => cache.delete(workspaceId));
  return context;
}
