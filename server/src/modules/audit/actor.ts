import type { Request } from 'express';
import type { AuthContext } from '../../lib/http/route';
import type { AuditActor } from './record-audit';

/** Who did it, as the audit log records it. */
export function actorOf(auth: AuthContext, req: Request): AuditActor & { userId: string; sessionId?: string } {
  return { userId: auth.user.id, tokenId: auth.tokenId, sessionId: auth.sessionId, requestId: String(req.id ?? '') || undefined };
}
