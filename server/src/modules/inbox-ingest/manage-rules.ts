/** Classification rules per workspace: admins add, change and delete them; every change is audited. */
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import type { Rule } from './classify';
import { ensureInboxSettings, forgetInboxContext, readRules } from './inbox-context';

const ruleSelect = { id: true, phrase: true, locale: true, category: true, sentiment: true, weight: true } as const;
type RuleInput = Partial<Omit<Rule, 'id'>>;

export async function listRules(deps: Deps, workspaceId: string): Promise<Rule[]> {
  await ensureInboxSettings(deps.prisma, workspaceId);
  return readRules(deps.prisma, workspaceId);
}

async function taken(deps: Deps, workspaceId: string, phrase: string, exceptId?: string): Promise<boolean> {
  const found = await deps.prisma.classificationRule.findFirst({
    where: { workspaceId, phrase: { equals: phrase, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  return found !== null;
}

export async function createRule(deps: Deps, actor: AuditActor, workspaceId: string, input: RuleInput & { phrase: string }) {
  await ensureInboxSettings(deps.prisma, workspaceId);
  if (await taken(deps, workspaceId, input.phrase))
    throw new AppError('conflict', `A rule for “${input.phrase}” exists already`, { field: 'phrase' });
  const rule = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.classificationRule.create({
      data: {
        workspaceId,
        phrase: input.phrase,
        locale: input.locale ?? null,
        category: input.category ?? null,
        sentiment: input.sentiment ?? null,
        weight: input.weight ?? 1,
      },
      select: ruleSelect,
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'classification_rule',
      entityId: created.id,
      action: 'inbox_rule.created',
      after: created,
    });
    return created;
  });
  forgetInboxContext(workspaceId);
  return rule;
}

export async function updateRule(deps: Deps, actor: AuditActor, workspaceId: string, ruleId: string, input: RuleInput) {
  if (input.phrase && (await taken(deps, workspaceId, input.phrase, ruleId)))
    throw new AppError('conflict', `A rule for “${input.phrase}” exists already`, { field: 'phrase' });
  const rule = await deps.prisma.$transaction(async (tx) => {
    const before = await tx.classificationRule.findFirst({ where: { id: ruleId, workspaceId }, select: ruleSelect });
    if (!before) throw notFound('Rule');
    const after = await tx.classificationRule.update({ where: { id: ruleId }, data: input, select: ruleSelect });
    if (after.category === null && after.sentiment === null)
      throw new AppError('validation_failed', 'A rule sets a category, a sentiment or both', [
        { field: 'body.category', rule: 'required', message: 'a rule sets a category, a sentiment or both' },
      ]);
    await recordAudit(tx, actor, { workspaceId, entityType: 'classification_rule', entityId: ruleId, action: 'inbox_rule.updated', before, after });
    return after;
  });
  forgetInboxContext(workspaceId);
  return rule;
}

export async function deleteRule(deps: Deps, actor: AuditActor, workspaceId: string, ruleId: string): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const before = await tx.classificationRule.findFirst({ where: { id: ruleId, workspaceId }, select: ruleSelect });
    if (!before) throw notFound('Rule');
    await tx.classificationRule.delete({ where: { id: ruleId }, select: { id: true } });
    await recordAudit(tx, actor, { workspaceId, entityType: 'classification_rule', entityId: ruleId, action: 'inbox_rule.deleted', before });
  });
  forgetInboxContext(workspaceId);
}
