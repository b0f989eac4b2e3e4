import { ROLES, type User } from '../../../server/schemas/user.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { fmtDateIn, fmtDateTimeIn } from '../../format.ts';

import type { ListQuery } from '../../../server/db/keyset.ts';
import { USER_LIST } from '../../../server/db/users.ts';
import { ListPaging, ListProblems, ListSearch, pagingOf } from '../../components/list-controls.tsx';

export interface UsersPageProps {
  users: User[];
  /** The list's search, sort and page (issue 21). */
  list?: { query: ListQuery; page: { nextCursor: string | null; prevCursor: string | null }; problems: string[] };
  selfId: number;
  /** The firm's time zone: "Since" is a date there, and a reset code's expiry a time there, named. */
  timeZone: string;
  /** The add-user form as entered, with its errors. */
  adding?: { values: Record<string, string>; errors: Record<string, string>; summary: string | SummaryItem[] };
  /** A refused change to an existing user. */
  problem?: string;
  /** A reset code just issued: shown this once. */
  issued?: { name: string; code: string; expiresAt: string; link: string };
  /** Two-step sign-in: who has an authenticator, and the roles that must. */
  mfa?: { enrolled: ReadonlySet<number>; requiredRoles: ReadonlySet<string> };
}

/** Users and roles: change a role or disable sign-in (ending the user's sessions), add a user. */
export function UsersPage(props: UsersPageProps) {
  const v = props.adding?.values ?? {};
  const e = props.adding?.errors ?? {};
  return (
    <section>
      <h1>Users and roles</h1>
      {props.problem && <ErrorList errors={[props.problem]} />}
      {props.issued && <IssuedReset {...props.issued} timeZone={props.timeZone} />}
      {props.list && <UserListControls list={props.list} shown={props.users.length} />}
      <Table
        rows={props.users}
        columns={[
          { header: 'Name', cell: (u) => u.name },
          { header: 'Email', cell: (u) => u.email },
          { header: 'Since', cell: (u) => fmtDateIn(u.createdAt, props.timeZone) },
          { header: 'Role and access', cell: (u) => <UserForm user={u} self={u.id === props.selfId} /> },
          { header: 'Password', cell: (u) => (u.id === props.selfId || u.disabled ? '' : <ResetForm user={u} />) },
          { header: 'Two-step sign-in', cell: (u) => <MfaCell user={u} on={props.mfa?.enrolled.has(u.id) ?? false} self={u.id === props.selfId} /> },
        ]}
      />
      {props.mfa && <MfaPolicyForm required={props.mfa.requiredRoles} />}
      <form method="post" action="/admin/users" class="card" id="add-user">
        <h2>Add a user</h2>
        {props.adding && <ErrorList errors={linkSummary(props.adding.summary, (key) => (['name', 'email', 'role', 'password'].includes(key) ? `u-${key}` : undefined))} />}
        <TextField id="u-name" name="name" label="Full name" value={v.name} error={e.name} required />
        <TextField id="u-email" name="email" label="Email" type="email" value={v.email} error={e.email} required />
        <SelectField id="u-role" name="role" label="Role" value={v.role ?? 'client'} error={e.role} options={ROLES} />
        <TextField id="u-password" name="password" label="Initial password" type="password" help="At least 12 characters; give it to the person privately." error={e.password} autocomplete="new-password" minlength={12} required />
        <button type="submit">Add user</button>
      </form>
    </section>
  );
}

function UserForm(props: { user: User; self: boolean }) {
  const u = props.user;
  return (
    <form method="post" action={`/admin/users/${u.id}`} class="actions">
      <SelectField id={`role-${u.id}`} name="role" label={`Role of ${u.name}`} value={u.role} options={ROLES} />
      <SelectField
        id={`disabled-${u.id}`}
        name="disabled"
        label={`Sign-in for ${u.name}`}
        value={u.disabled ? 'true' : 'false'}
        options={[
          { value: 'false', label: 'allowed' },
          { value: 'true', label: 'disabled' },
        ]}
      />
      <button type="submit" class="secondary">
        Save{props.self ? ' (your own account)' : ''}
      </button>
    </form>
  );
}

/** Issuing a code changes nothing until the user redeems it; an earlier unused code stops working. */
function ResetForm(props: { user: User }) {
  return (
    <form method="post" action={`/admin/users/${props.user.id}/password-reset`}>
      <button type="submit" class="secondary" aria-label={`Issue a password reset code for ${props.user.name}`}>
        Reset password
      </button>
    </form>
  );
}

function IssuedReset(props: { name: string; code: string; expiresAt: string; link: string; timeZone: string }) {
  return (
    <div class="card" role="status" id="issued-reset">
      <h2>Reset code for {props.name}</h2>
      <p>
        Give this to {props.name} privately. It is shown only now, works once, and expires {fmtDateTimeIn(props.expiresAt, props.timeZone)} (24 hours).
      </p>
      <p>
        Code: <code>{props.code}</code>
      </p>
      <p>
        Or the link: <code>{props.link}</code>
      </p>
    </div>
  );
}

/** On or off; an admin resets another user's authenticator (a lost phone): it is removed and their sessions end. */
function MfaCell(props: { user: User; on: boolean; self: boolean }) {
  if (!props.on) return <>off</>;
  if (props.self) return <>on</>;
  return (
    <form method="post" action={`/admin/users/${props.user.id}/mfa-reset`} class="actions">
      on{' '}
      <button type="submit" class="secondary" aria-label={`Reset two-step sign-in for ${props.user.name}`}>
        Reset
      </button>
    </form>
  );
}

/** Roles whose users must use a second factor; they set one up at their next sign-in, before reaching any page. */
function MfaPolicyForm(props: { required: ReadonlySet<string> }) {
  return (
    <form method="post" action="/admin/mfa-policy" class="card" id="mfa-policy">
      <h2>Two-step sign-in policy</h2>
      <CheckboxGroup id="mfa-roles" name="requiredRoles" legend="Require two-step sign-in for" options={ROLES} chosen={props.required} help="Users in these roles set up an authenticator app at their next sign-in. Sessions already open go on until they end." />
      <button type="submit">Save policy</button>
    </form>
  );
}

function UserListControls(props: { list: NonNullable<UsersPageProps['list']>; shown: number }) {
  const { query, page, problems } = props.list;
  const paging = pagingOf('/admin/users', USER_LIST, query, page);
  return (
    <>
      <ListProblems problems={problems} />
      <ListSearch path="/admin/users" spec={USER_LIST} query={query} label="Search users" id="ul" />
      <ListPaging label="Pages of users" {...paging} shown={props.shown} what={query.q ? `users matching “${query.q}”` : 'users'} />
    </>
  );
}
