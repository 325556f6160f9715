/** The in-app history of digests: the list (newest first), one digest, and its e-mail as sent. */
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { todayIn } from '../plan-csv/plan-times';
import { digestSettingsOf, findDigest, listDigests } from './digest-repository';

export async function listWorkspaceDigests(deps: Deps, workspaceId: string, limit: number) {
  const settings = await digestSettingsOf(deps.prisma, workspaceId);
  if (!settings) throw notFound('Workspace');
  return { today: todayIn(settings.workspace.timeZone), items: await listDigests(deps.prisma, workspaceId, limit) };
}

export async function getWorkspaceDigest(deps: Deps, workspaceId: string, digestId: string) {
  const digest = await findDigest(deps.prisma, workspaceId, digestId);
  if (!digest) throw notFound('Digest');
  return {
    id: digest.id,
    day: digest.day,
    periodStart: digest.periodStart,
    periodEnd: digest.periodEnd,
    createdAt: digest.createdAt,
    data: digest.data,
  };
}

export async function getDigestEmail(deps: Deps, workspaceId: string, digestId: string, locale: 'ko' | 'en') {
  const digest = await findDigest(deps.prisma, workspaceId, digestId);
  if (!digest) throw notFound('Digest');
  return digest.rendered[locale];
}
