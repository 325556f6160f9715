/**
 * Builders shared by the demo seed and the test factories, so both make data the same way the
 * app does (same password hashing, same workspace creation with its first admin).
 */
import { hashPassword } from '../../server/src/lib/crypto';
import type { Db } from '../../server/src/lib/db';
import type { Role } from '../../server/src/lib/http/zod';
import { createUser, findUserByEmail } from '../../server/src/modules/auth/user-repository';
import { createWorkspace } from '../../server/src/modules/workspaces/create-workspace';
import { addMember, findMemberRoles } from '../../server/src/modules/workspaces/membership-repository';

export async function buildUser(db: Db, input: { email: string; name: string; password: string; locale?: string; isDemo?: boolean }) {
  const existing = await findUserByEmail(db, input.email);
  if (existing) return existing;
  return createUser(db, {
    email: input.email,
    name: input.name,
    locale: input.locale,
    isDemo: input.isDemo,
    passwordHash: await hashPassword(input.password),
  });
}

export async function buildWorkspace(db: Db, owner: { id: string }, input: { name: string; timeZone?: string; locale?: string; isDemo?: boolean }) {
  return createWorkspace(db, { userId: owner.id }, input);
}

export async function buildMember(db: Db, workspaceId: string, user: { id: string }, roles: Role[]) {
  if (await findMemberRoles(db, workspaceId, user.id)) return;
  await addMember(db, workspaceId, user.id, roles);
}
