import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { publicUserSelect } from './user-repository';

export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 5 * 60_000;

export async function createSession(db: Db, userId: string, meta: { userAgent?: string; ip?: string }) {
  const token = randomToken('', 32);
  const session = await db.session.create({
    data: {
      userId,
      tokenHash: sha256(token),
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      ip: meta.ip ?? null,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    },
    select: { id: true, expiresAt: true },
  });
  return { token, ...session };
}

/** Finds a live session by its cookie value and slides its expiry (at most every few minutes). */
export async function findLiveSession(db: Db, token: string) {
  const session = await db.session.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: publicUserSelect } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) },
      select: { id: true },
    });
  }
  return session;
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

export async function deleteOtherSessions(db: Db, userId: string, keepId: string | undefined): Promise<void> {
  await db.session.deleteMany({ where: { userId, ...(keepId ? { id: { not: keepId } } : {}) } });
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
