import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { fmtDateIn } from '../../format.ts';
import type { NewAuthenticator } from '../../../server/services/mfa/sign-in-challenge.ts';
import type { MfaStatus } from '../../../server/services/mfa/manage-mfa.ts';

/** Beside the code field when a code is refused (the reason, e.g. "The code is not correct.", is at the top of the form). */
const CODE_NOT_ACCEPTED = 'This code was not accepted.';

const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;

/** Sign-in, second step: a code from the app, or (with ?recovery=1) a recovery code. */
export function MfaCodePage(props: { next: string; recovery: boolean; error?: string }) {
  return (
    <section class="login card">
      <h1>Two-step sign-in</h1>
      {props.error && <ErrorList errors={[props.error]} />}
      <form method="post" action={withNext('/login/mfa', props.next)}>
        {props.recovery ? (
          <TextField id="code" name="code" label="Recovery code" help="One of the codes you saved when you set up two-step sign-in (xxxx-xxxx-xxxx-xxxx). Each works once." autocomplete="off" error={props.error ? CODE_NOT_ACCEPTED : undefined} required />
        ) : (
          <TextField id="code" name="code" label="Code from your authenticator app" help="Six digits; a new one every 30 seconds." inputmode="numeric" autocomplete="one-time-code" error={props.error ? CODE_NOT_ACCEPTED : undefined} required />
        )}
        <button type="submit">Sign in</button>
      </form>
      <p>{props.recovery ? <a href={withNext('/login/mfa', props.next)}>Use the authenticator app instead</a> : <a href={`${withNext('/login/mfa', props.next)}&recovery=1`}>Lost your phone? Use a recovery code</a>}</p>
    </section>
  );
}

/** Sign-in when the role requires two-step sign-in and none is set up: explain, then show the QR code on a POST. */
export function MfaSetupIntroPage(props: { next: string; error?: string }) {
  return (
    <section class="login card">
      <h1>Set up two-step sign-in</h1>
      {props.error && <ErrorList errors={[props.error]} />}
      <p>Your firm requires a second step when you sign in. You need an authenticator app on your phone (for example Microsoft Authenticator, Google Authenticator, 1Password or any app for “TOTP” codes).</p>
      <form method="post" action={withNext('/login/mfa/setup/start', props.next)}>
        <button type="submit">Show my QR code</button>
      </form>
    </section>
  );
}

/** The new secret as a QR code and as text, with the form that confirms it. Shown once: reloading starts over with a new secret. */
export function MfaScanPage(props: { action: string; shown?: NewAuthenticator; error?: string; restart: { action: string; label: string } }) {
  return (
    <section class="card">
      <h1>Scan this with your authenticator app</h1>
      {props.error && <ErrorList errors={[props.error]} />}
      {props.shown ? (
        <>
          <p>
            <img src={props.shown.qrCode} alt="QR code for your authenticator app" width="220" height="220" />
          </p>
          <p>
            Cannot scan? Enter this key in the app (time-based, six digits): <code id="mfa-secret">{props.shown.secret}</code>
          </p>
          <p>This key is shown only now and is never shown again.</p>
        </>
      ) : (
        <p>If you did not add the account to your app, start again for a new QR code.</p>
      )}
      <form method="post" action={props.action}>
        <TextField id="code" name="code" label="Code shown by the app" help="Six digits; proves the app is set up." inputmode="numeric" autocomplete="one-time-code" error={props.error ? CODE_NOT_ACCEPTED : undefined} required />
        <button type="submit">Turn on two-step sign-in</button>
      </form>
      <form method="post" action={props.restart.action}>
        <button type="submit" class="secondary">
          {props.restart.label}
        </button>
      </form>
    </section>
  );
}

/** The recovery codes, shown once (the response is no-store). */
export function RecoveryCodesPage(props: { codes: string[]; continueTo: string; intro: string }) {
  return (
    <section class="card">
      <h1>Save your recovery codes</h1>
      <p>{props.intro}</p>
      <p>Each code signs you in once if you lose your phone. Keep them somewhere safe (a password manager, or printed); they are shown only now.</p>
      <ul class="recovery-codes" id="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href={props.continueTo}>I have saved them — continue</a>
      </p>
    </section>
  );
}

/** Your two-step sign-in: status; set up; or replace recovery codes / turn off (password and code). */
export function AccountMfaPage(props: { status: MfaStatus; /** The firm's time zone ("since" is a date there). */ timeZone: string; errors?: Record<string, string>; summary?: SummaryItem[]; form?: 'disable' | 'recovery-codes' }) {
  const s = props.status;
  const e = props.errors ?? {};
  const errorsFor = (form: 'disable' | 'recovery-codes') => (props.form === form ? e : {});
  return (
    <section class="card">
      <h1>Two-step sign-in</h1>
      {/* A problem with the password or code links to that field of the form that was sent. */}
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => (props.form && (key === 'password' || key === 'code') ? `${props.form === 'disable' ? 'off' : 'rc'}-${key}` : undefined))} />}
      {s.enabled ? (
        <>
          <p>
            <strong>On</strong> since {fmtDateIn(s.enabledAt, props.timeZone)}. Recovery codes left: {s.recoveryCodesLeft}.
          </p>
          <PasswordAndCodeForm action="/account/mfa/recovery-codes" title="New recovery codes" button="Replace my recovery codes" prefix="rc" errors={errorsFor('recovery-codes')} />
          <PasswordAndCodeForm
            action="/account/mfa/disable"
            title="Turn off"
            button="Turn off two-step sign-in"
            prefix="off"
            errors={errorsFor('disable')}
            note={s.requiredForRole ? 'Your role requires two-step sign-in: you will be signed out and asked to set up an authenticator at your next sign-in.' : 'Your other sessions are signed out.'}
          />
        </>
      ) : (
        <>
          <p>
            <strong>Off.</strong> {s.requiredForRole ? 'Your role requires it: you will be asked to set it up at your next sign-in.' : 'Add a code from your phone to every sign-in.'}
          </p>
          <form method="post" action="/account/mfa/start">
            <button type="submit">Set up an authenticator app</button>
          </form>
        </>
      )}
    </section>
  );
}

function PasswordAndCodeForm(props: { action: string; title: string; button: string; prefix: string; errors: Record<string, string>; note?: string }) {
  return (
    <form method="post" action={props.action} class="card">
      <h2>{props.title}</h2>
      {props.note && <p>{props.note}</p>}
      <TextField id={`${props.prefix}-password`} name="password" label="Your password" type="password" autocomplete="current-password" error={props.errors.password} required />
      <TextField id={`${props.prefix}-code`} name="code" label="Code from your app (or a recovery code)" autocomplete="one-time-code" error={props.errors.code} required />
      <button type="submit" class="secondary">
        {props.button}
      </button>
    </form>
  );
}
