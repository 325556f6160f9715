import type { Deps } from '../../deps';

/**
 * A worker process's view of the crisis pauses, refreshed every second, so a pause stops posts that
 * were claimed before it (claims happen up to EARLY_MS ahead) right before their call — without a
 * query per post at the due instant.
 */
export interface PauseWatch {
  /** Paused now? The cache answers "no" at once; a "yes" is confirmed in the database (a resume may be newer). */
  isPaused(workspaceId: string, channelId: string): Promise<boolean>;
  stop(): void;
}

export async function watchPauses(deps: Deps, everyMs = 1_000): Promise<PauseWatch> {
  let workspaces = new Set<string>();
  let channels = new Set<string>();
  const refresh = async () => {
    const [w, c] = await Promise.all([
      deps.prisma.workspace.findMany({ where: { publishingPausedAt: { not: null } }, select: { id: true } }),
      deps.prisma.channelAccount.findMany({ where: { pausedAt: { not: null } }, select: { id: true } }),
    ]);
    workspaces = new Set(w.map((r) => r.id));
    channels = new Set(c.map((r) => r.id));
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch((error) => deps.logger.warn({ err: error }, 'could not refresh the pauses')), everyMs);
  timer.unref();
  return {
    async isPaused(workspaceId, channelId) {
      if (!workspaces.has(workspaceId) && !channels.has(channelId)) return false;
      const [w, c] = await Promise.all([
        deps.prisma.workspace.findUnique({ where: { id: workspaceId }, select: { publishingPausedAt: true } }),
        deps.prisma.channelAccount.findUnique({ where: { id: channelId }, select: { pausedAt: true } }),
      ]);
      return !!w?.publishingPausedAt || !!c?.pausedAt;
    },
    stop: () => clearInterval(timer),
  };
}
