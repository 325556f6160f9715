/** Inbox settings (business hours, response targets, round-robin): members read them, admins change them (audited). */
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { type BusinessHours, businessHoursOf } from './deadlines';
import { ensureInboxSettings, forgetInboxContext } from './inbox-context';

export interface InboxSettingsView {
  businessHours: BusinessHours;
  urgentSameBusinessDay: boolean;
  otherTargetHours: number;
  autoAssign: boolean;
  timeZone: string;
}

async function read(deps: Deps, workspaceId: string): Promise<InboxSettingsView> {
  const row = await deps.prisma.inboxSettings.findUniqueOrThrow({
    where: { workspaceId },
    select: { businessHours: true, urgentSameBusinessDay: true, otherTargetHours: true, autoAssign: true, workspace: { select: { timeZone: true } } },
  });
  return {
    businessHours: businessHoursOf(row.businessHours),
    urgentSameBusinessDay: row.urgentSameBusinessDay,
    otherTargetHours: row.otherTargetHours,
    autoAssign: row.autoAssign,
    timeZone: row.workspace.timeZone,
  };
}

export async function getInboxSettings(deps: Deps, workspaceId: string): Promise<InboxSettingsView> {
  await ensureInboxSettings(deps.prisma, workspaceId);
  return read(deps, workspaceId);
}

export async function updateInboxSettings(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: Partial<Omit<InboxSettingsView, 'timeZone'>>,
): Promise<InboxSettingsView> {
  const before = await getInboxSettings(deps, workspaceId);
  await deps.prisma.$transaction(async (tx) => {
    await tx.inboxSettings.update({
      where: { workspaceId },
      data: {
        ...(input.businessHours ? { businessHours: input.businessHours as unknown as Prisma.InputJsonValue } : {}),
        ...(input.urgentSameBusinessDay !== undefined ? { urgentSameBusinessDay: input.urgentSameBusinessDay } : {}),
        ...(input.otherTargetHours !== undefined ? { otherTargetHours: input.otherTargetHours } : {}),
        ...(input.autoAssign !== undefined ? { autoAssign: input.autoAssign } : {}),
      },
      select: { workspaceId: true },
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'inbox_settings',
      entityId: workspaceId,
      action: 'inbox_settings.updated',
      before,
      after: input,
    });
  });
  forgetInboxContext(workspaceId);
  return read(deps, workspaceId);
}
