/** Administrators: create people, change roles, disable accounts, reset a PIN or password, set the idle lock. */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { ROLES } from '../../../native/domain';
import type { Account, Role } from '../api/contract';
import { useApp } from '../app-context';
import { AreaHeader } from '../components/AreaHeader';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';
import { Panel } from '../components/Panel';
import { TableHead } from '../components/TableHead';
import { OptionList } from '../components/SelectField';
import { AuthFormRow, AuthTextField } from './AuthFormRow';
import { LoadingNote } from '../components/LoadingNote';

export function AccountsArea() {
  const t = useT();
  const { api, reportError } = useApp();
  const { session } = useAuth();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);
  const [notice, setNotice] = useState('');

  const load = useCallback(() => {
    api.invoke('accounts.list', {}).then((list) => {
      setAccounts(list);
      setLoadedAt(Date.now());
    }, reportError);
  }, [api, reportError]);
  useEffect(load, [load]);

  const run = async (action: Promise<unknown>, done: string) => {
    try {
      await action;
      setNotice(done);
      load();
      return true;
    } catch (error) {
      reportError(error);
      return false;
    }
  };

  return (
    <>
      <AreaHeader title={t('accounts.title')} intro={t('accounts.intro')} />
      <p className="saved-note" aria-live="polite">
        {notice}
      </p>
      <Panel title={t('accounts.people')} className="card" headingId="accounts-list-title">
        {accounts === null ? (
          <LoadingNote>{t('app.loading')}</LoadingNote>
        ) : (
          <div className="table-wrap">
            <table className="log-table accounts-table">
              <TableHead
                headings={[
                  t('accounts.name'),
                  t('accounts.role'),
                  t('accounts.state'),
                  t('accounts.actions'),
                ]}
              />
              <tbody>
                {accounts.map((account) => (
                  <AccountRow
                    key={account.accountId}
                    account={account}
                    self={session?.user?.accountId === account.accountId}
                    nowMs={loadedAt}
                    run={run}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <CreateAccount
        onCreate={(args) => run(api.invoke('accounts.create', args), t('accounts.created'))}
      />
      <IdleLock
        current={session ? Math.round(session.idleLockMs / 60_000) : 5}
        onSave={(minutes) =>
          run(api.invoke('accounts.setIdleLock', { minutes }), t('accounts.idleSaved'))
        }
      />
    </>
  );
}

function AccountRow({
  account,
  self,
  nowMs,
  run,
}: {
  account: Account;
  self: boolean;
  nowMs: number;
  run: (action: Promise<unknown>, done: string) => Promise<boolean>;
}) {
  const t = useT();
  const { api, reportError } = useApp();
  const [secret, setSecret] = useState('');
  const id = useId();
  const kind = account.role === 'admin' ? 'password' : 'pin';
  const lockedOut = account.lockedUntilMs > nowMs;
  return (
    <tr data-account={account.username}>
      <td>
        <strong>{account.displayName}</strong>
        <br />
        <span className="mono">{account.username}</span>
      </td>
      <td>
        <select
          className="auth-select"
          aria-label={t('accounts.roleFor', { name: account.displayName })}
          value={account.role}
          disabled={self}
          onChange={(event) => {
            const role = event.target.value as Role;
            const needsSecret = (role === 'admin') !== (account.role === 'admin');
            if (needsSecret && !secret) {
              reportError(
                new Error(t(role === 'admin' ? 'accounts.needPassword' : 'accounts.needPin')),
              );
              return;
            }
            void run(
              api.invoke('accounts.update', {
                accountId: account.accountId,
                role,
                ...(needsSecret ? { secret } : {}),
              }),
              t('accounts.updated'),
            );
          }}
        >
          <OptionList values={ROLES} label={(role) => t(`auth.role.${role}`)} />
        </select>
      </td>
      <td>
        {account.disabled
          ? t('accounts.disabled')
          : lockedOut
            ? t('accounts.lockedOut')
            : t('accounts.active')}
      </td>
      <td className="accounts-table__actions">
        <label htmlFor={`${id}-secret`} className="visually-hidden">
          {t(kind === 'pin' ? 'accounts.newPinFor' : 'accounts.newPasswordFor', {
            name: account.displayName,
          })}
        </label>
        <input
          id={`${id}-secret`}
          className="auth-form__input auth-form__input--small"
          type="password"
          inputMode={kind === 'pin' ? 'numeric' : 'text'}
          autoComplete="new-password"
          placeholder={t(kind === 'pin' ? 'accounts.newPin' : 'accounts.newPassword')}
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <button
          type="button"
          className="button"
          disabled={!secret}
          onClick={() =>
            void run(
              api.invoke('accounts.resetSecret', { accountId: account.accountId, secret }),
              t('accounts.secretReset'),
            ).then((ok) => ok && setSecret(''))
          }
        >
          {t(kind === 'pin' ? 'accounts.resetPin' : 'accounts.resetPassword')}
        </button>
        {self ? null : (
          <button
            type="button"
            className="button"
            onClick={() =>
              void run(
                api.invoke('accounts.update', {
                  accountId: account.accountId,
                  disabled: !account.disabled,
                }),
                t('accounts.updated'),
              )
            }
          >
            {account.disabled ? t('accounts.enable') : t('accounts.disable')}
          </button>
        )}
      </td>
    </tr>
  );
}

function CreateAccount({
  onCreate,
}: {
  onCreate: (args: {
    username: string;
    displayName: string;
    role: Role;
    secret: string;
  }) => Promise<boolean>;
}) {
  const t = useT();
  const id = useId();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('care-staff');
  const [secret, setSecret] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await onCreate({
      username: username.trim(),
      displayName: displayName.trim(),
      role,
      secret,
    });
    if (ok) {
      setDisplayName('');
      setUsername('');
      setSecret('');
    }
  };
  return (
    <Panel title={t('accounts.create')} className="card">
      <form className="auth-form auth-form--grid" onSubmit={(event) => void submit(event)}>
        <AuthTextField
          controlId={`${id}-name`}
          label={t('auth.displayName')}
          value={displayName}
          onValue={setDisplayName}
        />
        <AuthTextField
          controlId={`${id}-user`}
          label={t('auth.username')}
          value={username}
          onValue={setUsername}
          autoComplete="off"
        />
        <AuthFormRow controlId={`${id}-role`} label={t('accounts.role')}>
          <select
            id={`${id}-role`}
            className="auth-select"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            <OptionList values={ROLES} label={(option) => t(`auth.role.${option}`)} />
          </select>
        </AuthFormRow>
        <AuthTextField
          controlId={`${id}-secret`}
          label={t(role === 'admin' ? 'auth.password' : 'accounts.pin')}
          value={secret}
          onValue={setSecret}
          type="password"
          inputMode={role === 'admin' ? 'text' : 'numeric'}
          autoComplete="new-password"
        />
        <p className="section-help">
          {t(role === 'admin' ? 'auth.passwordRule' : 'accounts.pinRule')}
        </p>
        <button type="submit" className="button button--primary">
          {t('accounts.createButton')}
        </button>
      </form>
    </Panel>
  );
}

function IdleLock({
  current,
  onSave,
}: {
  current: number;
  onSave: (minutes: number) => Promise<boolean>;
}) {
  const t = useT();
  const id = useId();
  const [minutes, setMinutes] = useState(String(current));
  return (
    <Panel title={t('accounts.idleTitle')} className="card">
      <form
        className="auth-form auth-form--inline"
        onSubmit={(event) => {
          event.preventDefault();
          void onSave(Number(minutes));
        }}
      >
        <label htmlFor={`${id}-minutes`} className="auth-form__label">
          {t('accounts.idleMinutes')}
        </label>
        <input
          id={`${id}-minutes`}
          className="auth-form__input auth-form__input--small"
          type="number"
          min={1}
          max={240}
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
        />
        <button type="submit" className="button">
          {t('accounts.save')}
        </button>
      </form>
    </Panel>
  );
}
