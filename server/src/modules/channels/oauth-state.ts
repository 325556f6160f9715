/**
 * Server-side halves of the OAuth flows, in Redis with a TTL: the `state` of an authorize redirect (bound to
 * the person and workspace that started it, with X's PKCE verifier) and, after Facebook Login, the pending
 * choice of Pages (their Page tokens encrypted, never sent to the browser). Each is read once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decryptCredentials, encryptCredentials } from '../../channels/credentials';
import type { MetaPage } from '../../channels/providers/meta-oauth';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';

export const OAUTH_STATE_TTL_SEC = 10 * 60;
export const SELECTION_TTL_SEC = 15 * 60;

export type OAuthProvider = 'x' | 'meta';

export interface OAuthState {
  provider: OAuthProvider;
  userId: string;
  workspaceId: string;
  redirectUri: string;
  /** X's PKCE verifier. */
  codeVerifier?: string;
  /** The channel being reconnected, if any. */
  channelId?: string;
}

export interface MetaSelection {
  id: string;
  userId: string;
  workspaceId: string;
  expiresAt: string;
  pages: MetaPage[];
}

const stateKey = (deps: Deps, state: string) => `${deps.redisPrefix}:oauth:state:${state}`;
const selectionKey = (deps: Deps, id: string) => `${deps.redisPrefix}:oauth:meta-selection:${id}`;
const invalidState = () => new AppError('oauth_state_invalid', 'This sign-in link is unknown, expired or was already used. Start connecting again.');

export async function saveOAuthState(deps: Deps, value: OAuthState, state = randomBytes(24).toString('base64url')): Promise<string> {
  await deps.redis.set(stateKey(deps, state), JSON.stringify(value), 'EX', OAUTH_STATE_TTL_SEC);
  return state;
}

/** Takes (and deletes) a state: it must exist, be of this provider and belong to this person. */
export async function takeOAuthState(deps: Deps, provider: OAuthProvider, state: string, userId: string): Promise<OAuthState> {
  if (!state || state.length > 200) throw invalidState();
  const raw = await deps.redis.getdel(stateKey(deps, state));
  if (!raw) throw invalidState();
  const value = JSON.parse(raw) as OAuthState;
  if (value.provider !== provider || value.userId !== userId) throw invalidState();
  return value;
}

export async function saveMetaSelection(deps: Deps, input: Omit<MetaSelection, 'id' | 'expiresAt'>): Promise<MetaSelection> {
  const selection: MetaSelection = { ...input, id: randomUUID(), expiresAt: new Date(Date.now() + SELECTION_TTL_SEC * 1000).toISOString() };
  const sealed = encryptCredentials(deps.config.encryptionKey, { accessToken: JSON.stringify(selection) });
  await deps.redis.set(selectionKey(deps, selection.id), JSON.stringify(sealed), 'EX', SELECTION_TTL_SEC);
  return selection;
}

/** The pending choice, for the person who signed in and that workspace only. */
export async function readMetaSelection(deps: Deps, id: string, userId: string, workspaceId: string): Promise<MetaSelection> {
  const raw = await deps.redis.get(selectionKey(deps, id));
  const gone = new AppError('not_found', 'This list of Pages has expired. Sign in with Facebook again.');
  if (!raw) throw gone;
  const sealed = JSON.parse(raw) as { credentials: string; credentialsKeyId: string };
  const selection = JSON.parse(decryptCredentials(deps.config.decryptionKeys, sealed).accessToken) as MetaSelection;
  if (selection.userId !== userId || selection.workspaceId !== workspaceId) throw gone;
  return selection;
}

export async function dropMetaSelection(deps: Deps, id: string): Promise<void> {
  await deps.redis.del(selectionKey(deps, id));
}
