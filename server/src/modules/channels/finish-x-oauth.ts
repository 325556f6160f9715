import { xExchangeCode } from '../../channels/providers/x-oauth';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { findMemberRoles } from '../workspaces/membership-repository';
import { connectError } from './connect-with-token';
import { takeOAuthState } from './oauth-state';
import { saveConnection } from './save-connection';
import { xApp } from './start-oauth';

/** The state must be ours; the person must still be an admin of the workspace that started the flow. */
export async function adminOfState(deps: Deps, workspaceId: string, userId: string): Promise<void> {
  const roles = await findMemberRoles(deps.prisma, workspaceId, userId);
  if (!roles?.includes('admin')) throw new AppError('forbidden', 'Only admins connect channels');
}

/** X's callback: exchange the code with the stored PKCE verifier, read the account, store both tokens. */
export async function finishXOAuth(deps: Deps, actor: AuditActor & { userId: string }, input: { state: string; code: string }) {
  const state = await takeOAuthState(deps, 'x', input.state, actor.userId);
  await adminOfState(deps, state.workspaceId, actor.userId);
  const app = xApp(deps.config);
  let result: Awaited<ReturnType<typeof xExchangeCode>>;
  try {
    result = await xExchangeCode(app, deps.config.x.apiUrl, {
      code: input.code,
      codeVerifier: state.codeVerifier ?? '',
      redirectUri: state.redirectUri,
    });
  } catch (error) {
    throw connectError(error);
  }
  const saved = await deps.prisma.$transaction((tx) =>
    saveConnection(tx, deps.config.encryptionKey, state.workspaceId, actor, {
      provider: 'x',
      profile: result.profile,
      accessToken: result.tokens.accessToken,
      refreshToken: result.tokens.refreshToken,
      tokenExpiresAt: result.tokens.expiresAt,
    }),
  );
  return { workspaceId: state.workspaceId, channel: saved.channel };
}
