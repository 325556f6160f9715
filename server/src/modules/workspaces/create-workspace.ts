import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { addMember } from './membership-repository';
import { createWorkspace as insertWorkspace, slugTaken } from './workspace-repository';

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

async function uniqueSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name) || 'workspace';
  if (!(await slugTaken(db, base))) return base;
  return `${base}-${randomBytes(3).toString('hex')}`;
}

/** Creates a workspace; its creator becomes its first admin. */
export async function createWorkspace(
  db: Db,
  actor: AuditActor & { userId: string },
  input: { name: string; timeZone?: string; locale?: string; isDemo?: boolean },
) {
  const workspace = await insertWorkspace(db, { ...input, slug: await uniqueSlug(db, input.name) });
  await addMember(db, workspace.id, actor.userId, ['admin']);
  await recordAudit(db, actor, {
    workspaceId: workspace.id,
    entityType: 'workspace',
    entityId: workspace.id,
    action: 'workspace.created',
    after: workspace,
  });
  return { ...workspace, roles: ['admin' as const] };
}

export function createWorkspaceFor(deps: Deps, actor: AuditActor & { userId: string }, input: { name: string; timeZone?: string; locale?: string }) {
  return deps.prisma.$transaction((tx) => createWorkspace(tx, actor, input));
}
