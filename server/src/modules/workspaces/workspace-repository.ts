import type { Db } from '../../lib/db';

export const workspaceSelect = { id: true, name: true, slug: true, timeZone: true, locale: true, isDemo: true } as const;

export async function listWorkspacesOf(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { roles: true, workspace: { select: workspaceSelect } },
  });
  return memberships.map((m) => ({ workspace: m.workspace, roles: m.roles }));
}

export function findWorkspace(db: Db, id: string) {
  return db.workspace.findUnique({ where: { id }, select: workspaceSelect });
}

export function createWorkspace(db: Db, data: { name: string; slug: string; timeZone?: string; locale?: string; isDemo?: boolean }) {
  return db.workspace.create({ data, select: workspaceSelect });
}

export function updateWorkspace(db: Db, id: string, data: { name?: string; timeZone?: string; locale?: string }) {
  return db.workspace.update({ where: { id }, data, select: workspaceSelect });
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.workspace.count({ where: { slug } })) > 0;
}

/** Serialises membership changes of one workspace (e.g. two admins demoting each other at once). */
export async function lockWorkspace(db: Db, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Workspace" WHERE id = ${id}::uuid FOR UPDATE`;
}
