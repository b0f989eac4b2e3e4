import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../server/services/auth/password-policy.ts';

const HELP = `${PASSWORD_MIN} to ${PASSWORD_MAX} characters; any characters, spaces welcome. Common and breached passwords are refused.`;

export interface PasswordFormProps {
  errors?: Record<string, string>;
  summary?: string | SummaryItem[];
}

/** Change your own password; the other sessions of the account end. */
export function ChangePasswordPage(props: PasswordFormProps) {
  const e = props.errors ?? {};
  return (
    <section class="card">
      <h1>Change your password</h1>
      <p>Every other place you are signed in is signed out; this browser stays signed in.</p>
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => (key === 'currentPassword' || key === 'newPassword' ? key : undefined))} />}
      <form method="post" action="/account/password">
        <TextField id="currentPassword" name="currentPassword" label="Current password" type="password" autocomplete="current-password" error={e.currentPassword} required />
        <TextField id="newPassword" name="newPassword" label="New password" type="password" autocomplete="new-password" help={HELP} error={e.newPassword} minlength={PASSWORD_MIN} required />
        <button type="submit">Change password</button>
      </form>
    </section>
  );
}

/** Redeem a one-time reset code from an administrator. The code is kept in the form, never in a link it renders. */
export function ResetPasswordPage(props: PasswordFormProps & { code: string }) {
  const e = props.errors ?? {};
  return (
    <section class="login card">
      <h1>Set a new password</h1>
      <p>Enter the code your administrator (or, for a new client account, your attorney) gave you. It works once, within 24 hours, and signs the account out everywhere.</p>
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => (key === 'code' || key === 'newPassword' ? key : undefined))} />}
      <form method="post" action="/password/reset">
        <TextField id="code" name="code" label="Reset code" value={props.code} autocomplete="one-time-code" error={e.code} required />
        <TextField id="newPassword" name="newPassword" label="New password" type="password" autocomplete="new-password" help={HELP} error={e.newPassword} minlength={PASSWORD_MIN} required />
        <button type="submit">Set password</button>
      </form>
    </section>
  );
}
