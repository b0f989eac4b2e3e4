import type { SsoRefusal } from '../../../server/services/sso/oidc-sso.ts';

const MESSAGES: Record<SsoRefusal, (email?: string) => string> = {
  invalid_state: () => 'This sign-in link has expired, was already used, or was started in another browser. Start again from the sign-in page.',
  idp_error: () => 'Your organisation’s sign-in service did not complete the sign-in. Start again from the sign-in page.',
  invalid_token: () => 'The answer from your organisation’s sign-in service could not be verified, so you were not signed in. Try again; if it keeps happening, tell your administrator.',
  email_not_verified: () => 'Your organisation’s sign-in service did not confirm your e-mail address, so it cannot be matched to an account here. Ask your IT team to verify it, or sign in with your password.',
  no_account: (email) => `No clausewright account uses ${email ?? 'this e-mail address'}. Accounts are created by an administrator of your firm: ask them to add you (with the role you need), then sign in again.`,
  account_disabled: () => 'Your clausewright account is disabled. Ask an administrator of your firm to allow sign-in again.',
};

/** A refused single sign-on: what happened in plain words, and where to go next. Nothing was created. */
export function SsoRefusedPage(props: { reason: SsoRefusal; email?: string }) {
  return (
    <section class="login card">
      <h1>You are not signed in</h1>
      <p role="alert">{MESSAGES[props.reason](props.email)}</p>
      <p>
        <a href="/login">Back to the sign-in page</a>
      </p>
    </section>
  );
}
