import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { changeOwnPassword } from '../../../server/routes/auth.ts';
import { ChangePasswordSchema, RedeemResetSchema } from '../../../server/schemas/account.ts';
import { redeemPasswordReset } from '../../../server/services/auth/password-reset.ts';
import { field, fieldErrors, readForm, validate } from '../../forms.ts';
import { summaryItemsOf } from '../../messages.ts';
import { formError, formStatus, pageUser, render } from '../../page.tsx';
import { ChangePasswordPage, ResetPasswordPage } from './password-pages.tsx';

// A wrong current password or a used code is shown on the form; so is a rate limit.
const ERRORS = new Set(['validation_failed', 'unprocessable', 'rate_limited']);

/** Password pages, through the same services as POST /api/auth/password and /api/auth/password-reset. */
export const accountPages = new Hono<AppEnv>()
  .get('/account/password', (c) => {
    pageUser(c);
    return render(c, 'Change password', <ChangePasswordPage />);
  })
  .post('/account/password', async (c) => {
    pageUser(c);
    const form = await readForm(c);
    try {
      await changeOwnPassword(c, validate(ChangePasswordSchema, { currentPassword: field(form, 'currentPassword'), newPassword: field(form, 'newPassword') }));
      return c.redirect('/account/password?msg=password-changed', 303);
    } catch (err) {
      const error = formError(err, ERRORS);
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return render(c, 'Change password', <ChangePasswordPage errors={fieldErrors(error)} summary={summaryItemsOf(error, undefined, undefined, error.message)} />, formStatus(error));
    }
  })
  .get('/password/reset', (c) => render(c, 'Set a new password', <ResetPasswordPage code={c.req.query('code') ?? ''} />))
  .post('/password/reset', async (c) => {
    const form = await readForm(c);
    const { db, clock, loginLimits } = c.get('services');
    try {
      await redeemPasswordReset({ db, now: clock(), limits: loginLimits }, c.get('actor'), validate(RedeemResetSchema, { code: field(form, 'code'), newPassword: field(form, 'newPassword') }));
      return c.redirect('/login?msg=password-reset', 303);
    } catch (err) {
      const error = formError(err, ERRORS);
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return render(c, 'Set a new password', <ResetPasswordPage code={field(form, 'code')} errors={fieldErrors(error)} summary={summaryItemsOf(error, undefined, undefined, error.message)} />, formStatus(error));
    }
  });
