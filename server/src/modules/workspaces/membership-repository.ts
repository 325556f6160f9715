import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlReader } from '../../lib/db';
import type { Role } from '../../lib/http/zod';

export async function findMemberRoles(db: Db, workspaceId: string, userId: string): Promise<Role[] | null> {
  const membership = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { roles: true },
  });
  return membership?.roles ?? null;
}

/** The caller's roles in a workspace, asked on every workspace request: one prepared statement on the reader. */
export async function memberRolesOf(sql: SqlReader, workspaceId: string, userId: string): Promise<Role[] | null> {
  const [row] = await sql.query<{ roles: Role[] }>(
    Prisma.sql`SELECT roles::text[] AS roles FROM "Membership" WHERE "workspaceId" = ${workspaceId}::uuid AND "userId" = ${userId}::uuid`,
  );
  return row?.roles ?? null;
}

export function listMembers(db: Db, workspaceId: string) {
  return db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'asc' },
    select: { roles: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}

export function addMember(db: Db, workspaceId: string, userId: string, roles: Role[]) {
  return db.membership.create({ data: { workspaceId, userId, roles }, select: { id: true, roles: true } });
}

export function setMemberRoles(db: Db, workspaceId: string, userId: string, roles: Role[]) {
  return db.membership.update({
    where: { workspaceId_userId: { workspaceId, userId } },
    data: { roles },
    select: { roles: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}

export async function removeMember(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.membership.delete({ where: { workspaceId_userId: { workspaceId, userId } }, select: { id: true } });
}

/** The members holding any of these roles (few members: filtered in code, see countAdmins). */
export async function memberIdsWithAnyRole(db: Db, workspaceId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { workspaceId }, select: { roles: true, userId: true } });
  return rows.filter((r) => r.roles.some((role) => roles.includes(role))).map((r) => r.userId);
}

export async function countAdmins(db: Db, workspaceId: string): Promise<number> {
  // Filtering an enum array with `has` fails through the driver adapters ("malformed array literal"),
  // and a workspace has few members: count in code.
  const rows = await db.membership.findMany({ where: { workspaceId }, select: { roles: true } });
  return rows.filter((r) => r.roles.includes('admin')).length;
}
