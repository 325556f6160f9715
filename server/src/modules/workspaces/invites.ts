import type { Deps } from '../../deps';
import { hashPassword, verifyPassword } from '../../lib/crypto';
import { AppError, notFound } from '../../lib/errors';
import type { Role } from '../../lib/http/zod';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { createSession } from '../auth/session-repository';
import { createUser, findCredentials, normaliseEmail, type PublicUser } from '../auth/user-repository';
import { createInvite, findInviteByToken, findPendingInvite, markInvite } from './invite-repository';
import { addMember, findMemberRoles } from './membership-repository';

export async function inviteMember(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, input: { email: string; roles: Role[] }) {
  const email = normaliseEmail(input.email);
  return deps.prisma.$transaction(async (tx) => {
    const existing = await findCredentials(tx, email);
    if (existing && (await findMemberRoles(tx, workspaceId, existing.id))) {
      throw new AppError('already_member', `${email} is already a member of this workspace`);
    }
    const { token, invite } = await createInvite(tx, { workspaceId, email, roles: input.roles, invitedById: actor.userId });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'invite',
      entityId: invite.id,
      action: 'invite.created',
      after: { email, roles: input.roles },
    });
    return { invite, url: `${deps.config.appUrl}/invite/${token}` };
  });
}

export async function revokeInvite(deps: Deps, actor: AuditActor, workspaceId: string, inviteId: string): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const invite = await findPendingInvite(tx, workspaceId, inviteId);
    if (!invite || !(await markInvite(tx, invite.id, { revokedAt: new Date() }))) throw notFound('Invite');
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'invite',
      entityId: invite.id,
      action: 'invite.revoked',
      before: { email: invite.email },
    });
  });
}

async function usableInvite(deps: Deps, token: string) {
  const invite = await findInviteByToken(deps.prisma, token);
  if (!invite || invite.revokedAt || invite.acceptedAt) throw notFound('Invite');
  if (invite.expiresAt.getTime() <= Date.now()) throw new AppError('invite_expired', 'This invite has expired; ask an admin for a new one');
  return invite;
}

export async function viewInvite(deps: Deps, token: string) {
  const invite = await usableInvite(deps, token);
  const user = await findCredentials(deps.prisma, invite.email);
  return { workspace: invite.workspace, email: invite.email, roles: invite.roles, expiresAt: invite.expiresAt, userExists: user !== null };
}

/**
 * Accepts an invite. A signed-in person with the invited email just joins; someone with an account
 * proves it with their password; a new person names themselves and picks a password.
 */
export async function acceptInvite(
  deps: Deps,
  token: string,
  signedIn: PublicUser | undefined,
  input: { name?: string; password?: string },
  meta: { userAgent?: string; ip?: string; requestId?: string },
) {
  const invite = await usableInvite(deps, token);
  const account = await findCredentials(deps.prisma, invite.email);
  if (signedIn && signedIn.email !== invite.email) {
    throw new AppError('forbidden', `This invite is for ${invite.email}; sign out and open the link again`);
  }
  if (!signedIn && account && !(input.password && (await verifyPassword(account.passwordHash, input.password)))) {
    throw new AppError('invalid_credentials', 'Enter the password of your existing account to accept');
  }
  if (!account) {
    const problems = [];
    if (!input.name) problems.push({ field: 'body.name', rule: 'required', message: 'is required for a new account' });
    if (!input.password || input.password.length < 10)
      problems.push({ field: 'body.password', rule: 'too_small', message: 'must be at least 10 characters' });
    if (problems.length)
      throw new AppError('validation_failed', `Invalid body: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
  const passwordHash = account ? undefined : await hashPassword(input.password as string);
  return deps.prisma.$transaction(async (tx) => {
    if (!(await markInvite(tx, invite.id, { acceptedAt: new Date() }))) throw notFound('Invite');
    const user = account
      ? { id: account.id, email: account.email, name: account.name, locale: account.locale }
      : await createUser(tx, { email: invite.email, name: input.name as string, passwordHash: passwordHash as string });
    if (!(await findMemberRoles(tx, invite.workspaceId, user.id))) await addMember(tx, invite.workspaceId, user.id, invite.roles);
    await recordAudit(
      tx,
      { userId: user.id, requestId: meta.requestId },
      {
        workspaceId: invite.workspaceId,
        entityType: 'membership',
        entityId: user.id,
        action: 'member.joined',
        after: { roles: invite.roles, inviteId: invite.id },
      },
    );
    const session = signedIn ? undefined : await createSession(tx, user.id, meta);
    return { user, session, workspaceId: invite.workspaceId };
  });
}
