import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import {
  type ConnectionState,
  connectionState,
  type TokenConnectInput,
  useConnectMetaSelection,
  useConnectWithToken,
  useMetaSelection,
  useStartOAuth,
} from './channel-connect-api';
import type { ChannelAccount, ChannelProvider } from './planning-types';
import './channel-connect.css';

/** What went wrong, in the words of this screen (falls back to the app-wide messages). */
export function connectErrorMessage(t: (key: string, options?: Record<string, unknown>) => string, error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'oauth_not_configured') {
      const provider = (error.details as { provider?: string } | undefined)?.provider === 'x' ? 'x' : 'meta';
      return t(`channelConnect.errors.notConfigured.${provider}`);
    }
    if (error.code === 'channel_token_rejected') return t('channelConnect.errors.tokenRejected');
    if (error.code === 'oauth_state_invalid') return t('channelConnect.errors.stateInvalid');
    if (error.code === 'unavailable') return t('channelConnect.errors.unavailable');
  }
  return errorMessage(t as never, error);
}

export function ConnectionChip({ channel }: { channel: Pick<ChannelAccount, 'status' | 'remoteId'> }) {
  const { t } = useTranslation();
  const state: ConnectionState = connectionState(channel);
  return <span className={`tag connect-chip connect-chip-${state}`}>{t(`channelConnect.status.${state}`)}</span>;
}

/** The admin's ways in: Facebook Login (Pages + Instagram), X sign-in, or a token. */
export function ConnectPanel() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace, isAdmin } = useCurrentWorkspace();
  const start = useStartOAuth(workspace.id);
  const [tokenFor, setTokenFor] = useState<ChannelProvider | null>(null);
  if (!isAdmin) return <p className="callout connect-note">{t('channelConnect.adminsOnly')}</p>;
  const go = (provider: 'x' | 'meta') => start.mutate(provider, { onError: (error) => toast.error(connectErrorMessage(t, error)) });
  return (
    <div className="callout connect-panel">
      <div>
        <h3 className="subsection-title">{t('channelConnect.title')}</h3>
        <p className="muted">{t('channelConnect.body')}</p>
      </div>
      <div className="connect-actions">
        <Button variant="primary" loading={start.isPending && start.variables === 'meta'} onClick={() => go('meta')}>
          {t('channelConnect.connectMeta')}
        </Button>
        <Button variant="primary" loading={start.isPending && start.variables === 'x'} onClick={() => go('x')}>
          {t('channelConnect.connectX')}
        </Button>
        <Button variant="ghost" onClick={() => setTokenFor('facebook_page')}>
          {t('channelConnect.withToken')}
        </Button>
      </div>
      {tokenFor ? <TokenDialog initialProvider={tokenFor} onClose={() => setTokenFor(null)} /> : null}
    </div>
  );
}

/** Reconnect one channel: its network's sign-in, or a new token. */
export function ReconnectButton({ channel }: { channel: ChannelAccount }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const start = useStartOAuth(workspace.id);
  const [token, setToken] = useState(false);
  return (
    <>
      <Button
        size="sm"
        variant={channel.status === 'needs_reconnect' ? 'primary' : 'ghost'}
        loading={start.isPending}
        onClick={() =>
          start.mutate(channel.provider === 'x' ? 'x' : 'meta', {
            onError: (error) =>
              isApiError(error) && error.code === 'oauth_not_configured' ? setToken(true) : toast.error(connectErrorMessage(t, error)),
          })
        }
      >
        {t('channelConnect.reconnect')}
        <span className="visually-hidden"> {channel.name}</span>
      </Button>
      {token ? <TokenDialog initialProvider={channel.provider} remoteId={channel.remoteId ?? undefined} onClose={() => setToken(false)} /> : null}
    </>
  );
}

function TokenDialog({ initialProvider, remoteId, onClose }: { initialProvider: ChannelProvider; remoteId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const connect = useConnectWithToken(workspace.id);
  const [provider, setProvider] = useState<ChannelProvider>(initialProvider);
  const [token, setToken] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const [accountId, setAccountId] = useState(remoteId ?? '');
  const [errors, setErrors] = useState<{ token?: string; accountId?: string }>({});
  const formId = 'channel-token-form';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: typeof errors = {};
    if (token.trim().length < 8) local.token = t('channelConnect.token.tokenInvalid');
    if (accountId.trim() && !/^\d{1,40}$/.test(accountId.trim())) local.accountId = t('channelConnect.token.idInvalid');
    setErrors(local);
    if (Object.keys(local).length) return;
    const input: TokenConnectInput = { provider, token: token.trim() };
    if (provider === 'x' && refreshToken.trim()) input.refreshToken = refreshToken.trim();
    if (provider === 'facebook_page' && accountId.trim()) input.pageId = accountId.trim();
    if (provider === 'instagram' && accountId.trim()) input.igUserId = accountId.trim();
    connect.mutate(input, {
      onSuccess: ({ channel }) => {
        toast.success(t('channelConnect.connected', { name: channel.name }));
        onClose();
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'channel_token_rejected') setErrors({ token: t('channelConnect.errors.tokenRejected') });
        toast.error(connectErrorMessage(t, error));
      },
    });
  }

  return (
    <Dialog
      open
      title={t('channelConnect.token.title')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={connect.isPending}>
            {t('channelConnect.token.submit')}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={onSubmit} noValidate>
        <p className="muted">{t('channelConnect.token.body')}</p>
        <SelectField
          label={t('planningSettings.channels.network')}
          value={provider}
          options={(['facebook_page', 'instagram', 'x'] as const).map((p) => ({ value: p, label: t(`planningSettings.channels.provider.${p}`) }))}
          onChange={(e) => setProvider(e.target.value as ChannelProvider)}
        />
        <TextField
          label={t('channelConnect.token.token')}
          hint={t(`channelConnect.token.tokenHint.${provider}`)}
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          error={errors.token}
          onChange={(e) => setToken(e.target.value)}
        />
        {provider === 'x' ? (
          <TextField
            label={t('channelConnect.token.refreshToken')}
            hint={t('channelConnect.token.refreshHint')}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={refreshToken}
            onChange={(e) => setRefreshToken(e.target.value)}
          />
        ) : (
          <TextField
            label={t(provider === 'instagram' ? 'channelConnect.token.igUserId' : 'channelConnect.token.pageId')}
            hint={t('channelConnect.token.idHint')}
            inputMode="numeric"
            value={accountId}
            error={errors.accountId}
            onChange={(e) => setAccountId(e.target.value)}
          />
        )}
      </form>
    </Dialog>
  );
}

/**
 * After Facebook Login the browser lands here with `?metaSelection=<id>`; the Pages (and linked Instagram
 * accounts) wait on the server, their tokens never come to the browser. Also shows the other outcomes
 * of a sign-in (`?connected=`, `?oauthError=`) once.
 */
export function OAuthReturn() {
  const { t } = useTranslation();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const selectionId = params.get('metaSelection');
  const connected = params.get('connected');
  const oauthError = params.get('oauthError');

  useEffect(() => {
    if (!connected && !oauthError) return;
    if (connected) toast.success(t('channelConnect.connectedX'));
    if (oauthError) toast.error(t('channelConnect.errors.denied'));
    setParams(
      (current) => {
        current.delete('connected');
        current.delete('oauthError');
        return current;
      },
      { replace: true },
    );
  }, [connected, oauthError, setParams, t, toast]);

  if (!selectionId) return null;
  return (
    <PagePicker
      selectionId={selectionId}
      onClose={() =>
        setParams(
          (current) => {
            current.delete('metaSelection');
            return current;
          },
          { replace: true },
        )
      }
    />
  );
}

function PagePicker({ selectionId, onClose }: { selectionId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const selection = useMetaSelection(workspace.id, selectionId);
  const connect = useConnectMetaSelection(workspace.id, selectionId);
  const [pages, setPages] = useState<string[]>([]);
  const [instagram, setInstagram] = useState<string[]>([]);
  const numbers = new Intl.NumberFormat(i18n.resolvedLanguage ?? i18n.language);
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  function submit() {
    connect.mutate(
      { pageIds: pages, instagramIds: instagram },
      {
        onSuccess: ({ channels }) => {
          toast.success(t('channelConnect.picker.done', { count: channels.length }));
          onClose();
        },
        onError: (error) => toast.error(connectErrorMessage(t, error)),
      },
    );
  }

  return (
    <Dialog
      open
      title={t('channelConnect.picker.title')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" disabled={pages.length + instagram.length === 0 || !selection.data} loading={connect.isPending} onClick={submit}>
            {t('channelConnect.picker.submit', { count: pages.length + instagram.length })}
          </Button>
        </>
      }
    >
      {selection.isPending ? (
        <LoadingState rows={3} />
      ) : selection.isError ? (
        <p className="alert alert-error" role="alert">
          {isApiError(selection.error) && selection.error.code === 'not_found'
            ? t('channelConnect.picker.expired')
            : connectErrorMessage(t, selection.error)}
        </p>
      ) : selection.data.pages.length === 0 ? (
        <p className="muted">{t('channelConnect.picker.empty')}</p>
      ) : (
        <div className="stack">
          <p className="muted">{t('channelConnect.picker.body')}</p>
          <ul className="connect-pages">
            {selection.data.pages.map((page) => (
              <li key={page.id} className="connect-page">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={pages.includes(page.id)}
                    onChange={(e) => setPages((list) => toggle(list, page.id, e.target.checked))}
                  />
                  <span>
                    <span className="connect-page-name">{t('channelConnect.picker.page', { name: page.name })}</span>
                    {page.followerCount !== null ? (
                      <span className="cell-secondary">
                        {' '}
                        · {t('channelConnect.picker.followers', { count: page.followerCount, formatted: numbers.format(page.followerCount) })}
                      </span>
                    ) : null}
                    {page.connected ? <span className="tag connect-chip connect-chip-connected">{t('channelConnect.picker.already')}</span> : null}
                  </span>
                </label>
                {page.instagram ? (
                  <label className="checkbox connect-page-ig">
                    <input
                      type="checkbox"
                      checked={instagram.includes(page.instagram.id)}
                      onChange={(e) => {
                        const id = page.instagram?.id ?? '';
                        setInstagram((list) => toggle(list, id, e.target.checked));
                      }}
                    />
                    <span>
                      {t('channelConnect.picker.instagram', { username: page.instagram.username })}
                      {page.instagram.connected ? (
                        <span className="tag connect-chip connect-chip-connected">{t('channelConnect.picker.already')}</span>
                      ) : null}
                    </span>
                  </label>
                ) : (
                  <p className="cell-secondary connect-page-ig">{t('channelConnect.picker.noInstagram')}</p>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
