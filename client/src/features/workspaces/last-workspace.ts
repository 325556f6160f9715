import type { Membership } from '../../api/types';

const KEY = 'sotong.lastWorkspace';

export function rememberWorkspace(workspaceId: string): void {
  try {
    localStorage.setItem(KEY, workspaceId);
  } catch {
    // storage unavailable: nothing to remember
  }
}

/** The last-used workspace when still a member, else the first membership. */
export function pickWorkspace(memberships: readonly Membership[]): string | null {
  let last: string | null = null;
  try {
    last = localStorage.getItem(KEY);
  } catch {
    last = null;
  }
  const found = memberships.find((membership) => membership.workspace.id === last);
  return (found ?? memberships[0])?.workspace.id ?? null;
}
