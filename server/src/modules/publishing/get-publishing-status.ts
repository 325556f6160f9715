import type { Db } from '../../lib/db';
import { findPauseState } from './publishing-repository';

/** The crisis-pause state every member sees (the app's banner): the workspace's and its channels'. */
export async function getPublishingStatus(db: Db, workspaceId: string) {
  const state = await findPauseState(db, workspaceId);
  return { paused: state.pausedAt !== null, pausedAt: state.pausedAt, pausedChannels: state.channels };
}
