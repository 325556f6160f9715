import type { Db } from '../../lib/db';

export const publicUserSelect = { id: true, email: true, name: true, locale: true } as const;
export type PublicUser = { id: string; email: string; name: string; locale: string | null };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserById(db: Db, id: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { id }, select: publicUserSelect });
}

export function findUserByEmail(db: Db, email: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { email: normaliseEmail(email) }, select: publicUserSelect });
}

/** The only read of a password hash; it never leaves the auth module. */
export function findCredentials(db: Db, email: string) {
  return db.user.findUnique({ where: { email: normaliseEmail(email) }, select: { ...publicUserSelect, passwordHash: true } });
}

export function findPasswordHash(db: Db, userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
}

export function createUser(db: Db, data: { email: string; name: string; passwordHash: string; locale?: string; isDemo?: boolean }) {
  return db.user.create({ data: { ...data, email: normaliseEmail(data.email) }, select: publicUserSelect });
}

export function updateUser(db: Db, id: string, data: { name?: string; locale?: string; passwordHash?: string }) {
  return db.user.update({ where: { id }, data, select: publicUserSelect });
}
