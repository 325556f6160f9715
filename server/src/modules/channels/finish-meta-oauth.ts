import type { Deps } from '../../deps';
import { connectError } from './connect-with-token';
import { adminOfState } from './finish-x-oauth';
import { saveMetaSelection, takeOAuthState } from './oauth-state';
import { metaApp } from './start-oauth';

/**
 * Facebook Login's callback: code → long-lived user token → the Pages it manages (Page tokens, linked
 * Instagram accounts). Nothing is connected yet: the list waits server-side for an admin to pick from.
 */
export async function finishMetaOAuth(deps: Deps, userId: string, input: { state: string; code: string }) {
  const state = await takeOAuthState(deps, 'meta', input.state, userId);
  await adminOfState(deps, state.workspaceId, userId);
  const app = metaApp(deps.config);
  try {
    // Loaded on first use (the Graph SDK is large; see channels/providers/registry.ts).
    const { metaExchangeCode, metaListPages } = await import('../../channels/providers/meta-oauth');
    const user = await metaExchangeCode(app, deps.config.meta.graphUrl, { code: input.code, redirectUri: state.redirectUri });
    const pages = await metaListPages(deps.config.meta.graphUrl, user.accessToken);
    const selection = await saveMetaSelection(deps, { userId, workspaceId: state.workspaceId, pages });
    return { workspaceId: state.workspaceId, selectionId: selection.id };
  } catch (error) {
    throw connectError(error);
  }
}
