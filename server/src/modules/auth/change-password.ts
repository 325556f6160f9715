import type { Deps } from '../../deps';
import { hashPassword, verifyPassword } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { recordAudit } from '../audit/record-audit';
import { deleteOtherSessions } from './session-repository';
import { findPasswordHash, updateUser } from './user-repository';

/** Changes a password and signs out every other session of that person. */
export async function changePassword(
  deps: Deps,
  actor: AuditActor & { userId: string; sessionId?: string },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const current = await findPasswordHash(deps.prisma, actor.userId);
  if (!current || !(await verifyPassword(current.passwordHash, input.currentPassword))) {
    throw new AppError('invalid_credentials', 'The current password is not right', [
      { field: 'body.currentPassword', rule: 'mismatch', message: 'is not right' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.prisma.$transaction(async (tx) => {
    await updateUser(tx, actor.userId, { passwordHash });
    await deleteOtherSessions(tx, actor.userId, actor.sessionId);
    await recordAudit(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'password.changed' });
  });
}
