import type { Deps } from '../../deps';
import { hashPassword, verifyPassword } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { createSession } from './session-repository';
import { findCredentials } from './user-repository';

// Verified against when the email is unknown, so a missing account takes as long as a wrong password.
let decoyHash: Promise<string> | undefined;

export async function logIn(deps: Deps, input: { email: string; password: string }, meta: { userAgent?: string; ip?: string }) {
  const user = await findCredentials(deps.prisma, input.email);
  decoyHash ??= hashPassword('sotong-decoy-password');
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !ok) throw new AppError('invalid_credentials', 'The email or password is not right');
  const session = await createSession(deps.prisma, user.id, meta);
  const { passwordHash: _hidden, ...publicUser } = user;
  return { user: publicUser, session };
}
