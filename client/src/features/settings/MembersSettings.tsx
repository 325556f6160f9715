import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invite, Member, Role } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePendingValue } from '../../lib/use-pending-value';
import { Button } from '../../ui/Button';
import { CopyField } from '../../ui/CopyField';
import { ConfirmDialog } from '../../ui/Dialog';
import { CheckboxGroup, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import { useCreateInvite, useInvites, useMembers, useRemoveMember, useRevokeInvite, useUpdateMemberRoles } from './api';
import { roleList, roleOptions } from './role-options';

export default function MembersSettings() {
  const { t } = useTranslation();
  const { isAdmin } = useCurrentWorkspace();
  useDocumentTitle(t('settings.tabs.members'));
  return (
    <div className="stack-lg">
      <MembersSection />
      {isAdmin ? (
        <>
          <InviteSection />
          <PendingInvitesSection />
        </>
      ) : null}
    </div>
  );
}

function MembersSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace, isAdmin, session } = useCurrentWorkspace();
  const time = useWorkspaceTime();
  const members = useMembers(workspace.id);
  const updateRoles = useUpdateMemberRoles(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const [pendingRemoval, setPendingRemoval] = useState<Member | null>(null);
  const [chosenRoles, chooseRoles, settleRoles] = usePendingValue<{ userId: string; roles: Role[] } | null>(null);

  function changeRoles(member: Member, roles: Role[]) {
    if (roles.length === 0) return;
    chooseRoles({ userId: member.userId, roles });
    updateRoles.mutate(
      { userId: member.userId, roles },
      {
        onSuccess: () => toast.success(t('settings.members.rolesSaved', { name: member.name })),
        onError: (error) => toast.error(errorMessage(t, error)),
        onSettled: settleRoles,
      },
    );
  }

  function confirmRemoval() {
    if (!pendingRemoval) return;
    const member = pendingRemoval;
    remove.mutate(member.userId, {
      onSuccess: () => {
        toast.success(t('settings.members.removed', { name: member.name }));
        setPendingRemoval(null);
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title" className="section-title">
        {t('settings.members.title')}
      </h2>
      {!isAdmin ? <p className="muted">{t('settings.members.readOnly')}</p> : null}
      <QueryState
        query={members}
        isEmpty={(rows) => rows.length === 0}
        emptyTitle={t('settings.members.emptyTitle')}
        emptyBody={t('settings.members.emptyBody')}
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.members.name')}</th>
                  <th scope="col">{t('settings.members.roles')}</th>
                  <th scope="col">{t('settings.members.joined')}</th>
                  {isAdmin ? (
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((member) => {
                  const isMe = member.userId === session.user.id;
                  const busy = updateRoles.isPending && updateRoles.variables?.userId === member.userId;
                  const roles = chosenRoles?.userId === member.userId ? chosenRoles.roles : member.roles;
                  return (
                    <tr key={member.userId}>
                      <td>
                        <div className="cell-primary">
                          {member.name}
                          {isMe ? <span className="tag">{t('settings.members.you')}</span> : null}
                        </div>
                        <div className="cell-secondary">{member.email}</div>
                      </td>
                      <td>
                        {isAdmin ? (
                          <CheckboxGroup
                            legend={t('settings.members.rolesFor', { name: member.name })}
                            hideLegend
                            options={roleOptions(t).map((option) => ({
                              ...option,
                              // A member keeps at least one role.
                              disabled: roles.length === 1 && roles[0] === option.value,
                            }))}
                            value={roles}
                            disabled={busy}
                            onChange={(roles) => changeRoles(member, roles)}
                          />
                        ) : (
                          roleList(t, member.roles)
                        )}
                      </td>
                      <td className="nowrap">{time.date(member.joinedAt)}</td>
                      {isAdmin ? (
                        <td className="cell-actions">
                          {!isMe ? (
                            <Button size="sm" variant="ghost" className="text-danger" onClick={() => setPendingRemoval(member)}>
                              {t('settings.members.remove')}
                              <span className="visually-hidden"> {member.name}</span>
                            </Button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <ConfirmDialog
        open={pendingRemoval !== null}
        title={t('settings.members.removeTitle')}
        message={t('settings.members.removeConfirm', { name: pendingRemoval?.name ?? '', workspace: workspace.name })}
        confirmLabel={t('settings.members.remove')}
        busy={remove.isPending}
        onConfirm={confirmRemoval}
        onClose={() => setPendingRemoval(null)}
      />
    </section>
  );
}

function InviteSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const create = useCreateInvite(workspace.id);
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['planner']);
  const [rolesError, setRolesError] = useState<string | undefined>();
  const [link, setLink] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (roles.length === 0) {
      setRolesError(t('settings.members.pickRole'));
      return;
    }
    setRolesError(undefined);
    create.mutate(
      { email: email.trim(), roles },
      {
        onSuccess: (result) => {
          setLink(result.url);
          setEmail('');
          toast.success(t('settings.members.invited', { email: result.invite.email }));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title" className="section-title">
        {t('settings.members.inviteTitle')}
      </h2>
      <p className="muted">{t('settings.members.inviteBody')}</p>
      <form className="stack form-narrow" onSubmit={onSubmit}>
        <TextField
          label={t('settings.members.email')}
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <CheckboxGroup legend={t('settings.members.roles')} options={roleOptions(t)} value={roles} onChange={setRoles} error={rolesError} />
        <div>
          <Button type="submit" variant="primary" loading={create.isPending}>
            {t('settings.members.sendInvite')}
          </Button>
        </div>
      </form>
      {link ? (
        <div className="callout" role="status">
          <p>{t('settings.members.inviteLinkHelp')}</p>
          <CopyField label={t('settings.members.inviteLink')} value={link} />
        </div>
      ) : null}
    </section>
  );
}

function PendingInvitesSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const time = useWorkspaceTime();
  const invites = useInvites(workspace.id, true);
  const revoke = useRevokeInvite(workspace.id);

  function onRevoke(invite: Invite) {
    revoke.mutate(invite.id, {
      onSuccess: () => toast.success(t('settings.members.inviteRevoked', { email: invite.email })),
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title" className="section-title">
        {t('settings.members.pendingTitle')}
      </h2>
      <QueryState
        query={invites}
        isEmpty={(rows) => rows.length === 0}
        emptyTitle={t('settings.members.noInvitesTitle')}
        emptyBody={t('settings.members.noInvitesBody')}
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.members.email')}</th>
                  <th scope="col">{t('settings.members.roles')}</th>
                  <th scope="col">{t('settings.members.invitedBy')}</th>
                  <th scope="col">{t('settings.members.expires')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((invite) => (
                  <tr key={invite.id}>
                    <td className="cell-primary">{invite.email}</td>
                    <td>{roleList(t, invite.roles)}</td>
                    <td>{invite.invitedBy?.name ?? '—'}</td>
                    <td className="nowrap">{time.dateTime(invite.expiresAt)}</td>
                    <td className="cell-actions">
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-danger"
                        loading={revoke.isPending && revoke.variables === invite.id}
                        onClick={() => onRevoke(invite)}
                      >
                        {t('settings.members.revoke')}
                        <span className="visually-hidden"> {invite.email}</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
