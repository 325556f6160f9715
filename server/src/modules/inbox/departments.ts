import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findDepartment, insertDepartment, listDepartments, updateDepartmentRow } from './inbox-repository';

/** Where complaints are escalated: teams with an e-mail address (admins manage them). */
export function departments(deps: Deps, workspaceId: string, includeArchived: boolean) {
  return listDepartments(deps.prisma, workspaceId, includeArchived);
}

export async function createDepartment(deps: Deps, actor: AuditActor, workspaceId: string, input: { name: string; email: string }) {
  return deps.prisma.$transaction(async (tx) => {
    const row = await insertDepartment(tx, workspaceId, input);
    await recordAudit(tx, actor, { workspaceId, entityType: 'department', entityId: row.id, action: 'department.created', after: row });
    return row;
  });
}

/** Renames, changes the address, archives (hidden from the escalation dialog; past escalations keep it) or restores. */
export async function updateDepartment(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  input: { name?: string; email?: string; archived?: boolean },
) {
  return deps.prisma.$transaction(async (tx) => {
    const before = await findDepartment(tx, workspaceId, id);
    if (!before) throw notFound('Department');
    const { archived, ...fields } = input;
    const row = await updateDepartmentRow(tx, id, {
      ...fields,
      ...(archived === undefined ? {} : { archivedAt: archived ? (before.archivedAt ?? new Date()) : null }),
    });
    await recordAudit(tx, actor, { workspaceId, entityType: 'department', entityId: id, action: 'department.updated', before, after: row });
    return row;
  });
}
