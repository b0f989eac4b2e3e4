import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { CreateApiTokenSchema } from '../../../server/schemas/account.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../server/services/auth/api-tokens.ts';
import { field, fieldErrors, numberOrText, readForm, validate } from '../../forms.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render } from '../../page.tsx';
import { TokensPage } from './tokens-page.tsx';

/** Your API tokens, through the same services as GET/POST /api/tokens and DELETE /api/tokens/{id}. */
export const tokenPages = new Hono<AppEnv>()
  .get('/account/tokens', async (c) => {
    const principal = pageUser(c);
    return render(c, 'API tokens', <TokensPage tokens={await listApiTokens(ctxOf(c, principal), principal.id)} />);
  })
  .post('/account/tokens', async (c) => {
    const principal = pageUser(c);
    const ctx = ctxOf(c, principal);
    const form = await readForm(c);
    const values = { name: field(form, 'name'), expiresInDays: field(form, 'expiresInDays') };
    try {
      const input = validate(CreateApiTokenSchema, { name: values.name || undefined, expiresInDays: numberOrText(values.expiresInDays) });
      const { token, secret } = await createApiToken(ctx, principal.id, input);
      // The secret is in this response only (HTML pages are no-store); a later visit shows the list without it.
      return render(c, 'API tokens', <TokensPage tokens={await listApiTokens(ctx, principal.id)} created={{ name: token.name, secret }} />);
    } catch (err) {
      const error = formError(err);
      return render(c, 'API tokens', <TokensPage tokens={await listApiTokens(ctx, principal.id)} errors={fieldErrors(error)} summary={error.message} values={values} />, formStatus(error));
    }
  })
  .post('/account/tokens/:id/revoke', async (c) => {
    const principal = pageUser(c);
    await revokeApiToken(ctxOf(c, principal), idFrom(c.req.param('id')));
    return c.redirect('/account/tokens?msg=token-revoked', 303);
  });
