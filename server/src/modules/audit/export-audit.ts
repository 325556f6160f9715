import type { Deps } from '../../deps';
import { neutralise } from '../plan-csv/export-plan';
import { type AuditEventRow, type AuditFilter, listAuditEvents } from './audit-repository';

/** The most rows one export writes; narrow the filters for more. */
export const MAX_AUDIT_EXPORT_ROWS = 50_000;
const PAGE = 500;

export const auditCsvHeader = [
  'time',
  'actor',
  'actor_user_id',
  'actor_token_id',
  'action',
  'entity_type',
  'entity_id',
  'before',
  'after',
  'request_id',
];

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

export function auditCsvRecord(e: AuditEventRow): string[] {
  return [
    e.createdAt.toISOString(),
    e.actor?.name ?? '',
    e.actorUserId ?? '',
    e.actorTokenId ?? '',
    e.action,
    e.entityType,
    e.entityId,
    json(e.before),
    json(e.after),
    e.requestId ?? '',
  ].map(neutralise);
}

/**
 * The filtered audit log as CSV records (header first, formula-like cells neutralised), read page by
 * page so a long log never sits in memory at once; stops after MAX_AUDIT_EXPORT_ROWS rows.
 */
export async function* exportAudit(deps: Deps, workspaceId: string, filter: Omit<AuditFilter, 'limit' | 'before'>): AsyncGenerator<string[]> {
  yield auditCsvHeader;
  let before: string | undefined;
  let written = 0;
  while (written < MAX_AUDIT_EXPORT_ROWS) {
    const limit = Math.min(PAGE, MAX_AUDIT_EXPORT_ROWS - written);
    const rows = await listAuditEvents(deps.prisma, workspaceId, { ...filter, before, limit });
    for (const row of rows) yield auditCsvRecord(row);
    written += rows.length;
    if (rows.length < limit) return;
    before = rows.at(-1)?.id;
  }
}
