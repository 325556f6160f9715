import { Prisma } from '../../generated/prisma/client';
import { randomToken, sha256 } from '../../lib/crypto';
import type { Db, SqlReader } from '../../lib/db';
import type { PublicUser } from './user-repository';

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

/**
 * Finds a live session by its cookie value and slides its expiry (at most every few minutes). Every
 * request asks this, so it is one prepared statement on the reader (session and user joined), not ORM queries.
 */
export async function findLiveSession(sql: SqlReader, db: Db, token: string) {
  const [row] = await sql.query<{ id: string; expiresAt: Date; lastSeenAt: Date; userId: string } & Omit<PublicUser, 'id'>>(
    Prisma.sql`SELECT s.id, s."expiresAt", s."lastSeenAt", u.id AS "userId", u.email, u.name, u.locale
               FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s."tokenHash" = ${sha256(token)}`,
  );
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({
      where: { id: row.id },
      data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) },
      select: { id: true },
    });
  }
  return {
    id: row.id,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    user: { id: row.userId, email: row.email, name: row.name, locale: row.locale },
  };
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
