import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken, Role } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { CopyField } from '../../ui/CopyField';
import { ConfirmDialog } from '../../ui/Dialog';
import { CheckboxGroup, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import { useCreateToken, useRevokeToken, useTokens } from './api';
import { roleList, roleOptions } from './role-options';

const DEFAULT_EXPIRY_DAYS = 90;

export default function TokensSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.tabs.tokens'));
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const secretRef = useRef<HTMLElement>(null);

  // Bring the one-time secret into view and move focus to it.
  useEffect(() => {
    if (!secret) return;
    secretRef.current?.scrollIntoView({ block: 'nearest' });
    secretRef.current?.focus();
  }, [secret]);
  return (
    <div className="stack-lg">
      {secret ? (
        <section ref={secretRef} tabIndex={-1} className="card callout-warning" aria-labelledby="secret-title">
          <h2 id="secret-title" className="section-title">
            {t('settings.tokens.secretTitle', { name: secret.name })}
          </h2>
          <p className="alert alert-warning">{t('settings.tokens.secretWarning')}</p>
          <CopyField label={t('settings.tokens.secret')} value={secret.value} />
          <div>
            <Button onClick={() => setSecret(null)}>{t('settings.tokens.secretDone')}</Button>
          </div>
        </section>
      ) : null}
      <CreateTokenSection onCreated={(name, value) => setSecret({ name, value })} />
      <TokenListSection />
    </div>
  );
}

function CreateTokenSection({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace, roles: myRoles } = useCurrentWorkspace();
  const create = useCreateToken(workspace.id);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(() => myRoles.filter((role) => role !== 'admin').slice(0, 1));
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [rolesError, setRolesError] = useState<string | undefined>();
  const [daysError, setDaysError] = useState<string | undefined>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const expiresInDays = Number(days);
    const daysValid = Number.isInteger(expiresInDays) && expiresInDays >= 1 && expiresInDays <= 365;
    setRolesError(roles.length === 0 ? t('settings.tokens.pickRole') : undefined);
    setDaysError(daysValid ? undefined : t('settings.tokens.expiryInvalid', { min: 1, max: 365 }));
    if (roles.length === 0 || !daysValid) return;
    create.mutate(
      { name: name.trim(), roles, expiresInDays },
      {
        onSuccess: (result) => {
          onCreated(result.token.name, result.secret);
          setName('');
          toast.success(t('settings.tokens.created', { name: result.token.name }));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <section className="card" aria-labelledby="create-token-title">
      <h2 id="create-token-title" className="section-title">
        {t('settings.tokens.createTitle')}
      </h2>
      <p className="muted">{t('settings.tokens.createBody')}</p>
      <form className="stack form-narrow" onSubmit={onSubmit}>
        <TextField
          label={t('settings.tokens.name')}
          hint={t('settings.tokens.nameHint')}
          required
          maxLength={80}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <CheckboxGroup legend={t('settings.tokens.roles')} options={roleOptions(t, myRoles)} value={roles} onChange={setRoles} error={rolesError} />
        <TextField
          label={t('settings.tokens.expiry')}
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          step={1}
          required
          value={days}
          error={daysError}
          onChange={(event) => setDays(event.target.value)}
          className="input-short"
        />
        <div>
          <Button type="submit" variant="primary" loading={create.isPending}>
            {t('settings.tokens.create')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function TokenListSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const time = useWorkspaceTime();
  const tokens = useTokens(workspace.id);
  const revoke = useRevokeToken(workspace.id);
  const [pending, setPending] = useState<ApiToken | null>(null);

  function confirmRevoke() {
    if (!pending) return;
    const token = pending;
    revoke.mutate(token.id, {
      onSuccess: () => {
        toast.success(t('settings.tokens.revoked', { name: token.name }));
        setPending(null);
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title" className="section-title">
        {t('settings.tokens.title')}
      </h2>
      <QueryState
        query={tokens}
        isEmpty={(rows) => rows.length === 0}
        emptyTitle={t('settings.tokens.emptyTitle')}
        emptyBody={t('settings.tokens.emptyBody')}
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.tokens.name')}</th>
                  <th scope="col">{t('settings.tokens.roles')}</th>
                  <th scope="col">{t('settings.tokens.createdAt')}</th>
                  <th scope="col">{t('settings.tokens.lastUsed')}</th>
                  <th scope="col">{t('settings.tokens.expiresAt')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((token) => (
                  <tr key={token.id}>
                    <td>
                      <div className="cell-primary">{token.name}</div>
                      <div className="cell-secondary mono">{token.prefix}…</div>
                    </td>
                    <td>{roleList(t, token.roles)}</td>
                    <td className="nowrap">{time.date(token.createdAt)}</td>
                    <td className="nowrap">{token.lastUsedAt ? time.dateTime(token.lastUsedAt) : t('settings.tokens.never')}</td>
                    <td className="nowrap">{token.expiresAt ? time.date(token.expiresAt) : t('settings.tokens.noExpiry')}</td>
                    <td className="cell-actions">
                      <Button size="sm" variant="ghost" className="text-danger" onClick={() => setPending(token)}>
                        {t('settings.tokens.revoke')}
                        <span className="visually-hidden"> {token.name}</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <ConfirmDialog
        open={pending !== null}
        title={t('settings.tokens.revokeTitle')}
        message={t('settings.tokens.revokeConfirm', { name: pending?.name ?? '' })}
        confirmLabel={t('settings.tokens.revoke')}
        busy={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setPending(null)}
      />
    </section>
  );
}
