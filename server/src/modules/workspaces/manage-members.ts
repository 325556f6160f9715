import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import type { Role } from '../../lib/http/zod';
import { revokeMemberTokens } from '../api-tokens/token-repository';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { countAdmins, findMemberRoles, removeMember, setMemberRoles } from './membership-repository';
import { findWorkspace, lockWorkspace, updateWorkspace } from './workspace-repository';

const lastAdmin = () => new AppError('last_admin', 'A workspace needs at least one admin; make someone else admin first');

export async function updateWorkspaceSettings(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  change: { name?: string; timeZone?: string; locale?: string },
) {
  return deps.prisma.$transaction(async (tx) => {
    const before = await findWorkspace(tx, workspaceId);
    if (!before) throw notFound('Workspace');
    const after = await updateWorkspace(tx, workspaceId, change);
    await recordAudit(tx, actor, { workspaceId, entityType: 'workspace', entityId: workspaceId, action: 'workspace.updated', before, after });
    return after;
  });
}

export async function changeMemberRoles(deps: Deps, actor: AuditActor, workspaceId: string, userId: string, roles: Role[]) {
  return deps.prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const before = await findMemberRoles(tx, workspaceId, userId);
    if (!before) throw notFound('Member');
    if (before.includes('admin') && !roles.includes('admin') && (await countAdmins(tx, workspaceId)) <= 1) throw lastAdmin();
    const member = await setMemberRoles(tx, workspaceId, userId, roles);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'membership',
      entityId: userId,
      action: 'member.roles_changed',
      before: { roles: before },
      after: { roles },
    });
    return member;
  });
}

/** Removes a member and revokes the API tokens they held in this workspace. */
export async function removeMemberFromWorkspace(deps: Deps, actor: AuditActor, workspaceId: string, userId: string): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const roles = await findMemberRoles(tx, workspaceId, userId);
    if (!roles) throw notFound('Member');
    if (roles.includes('admin') && (await countAdmins(tx, workspaceId)) <= 1) throw lastAdmin();
    await removeMember(tx, workspaceId, userId);
    await revokeMemberTokens(tx, workspaceId, userId);
    await recordAudit(tx, actor, { workspaceId, entityType: 'membership', entityId: userId, action: 'member.removed', before: { roles } });
  });
}
