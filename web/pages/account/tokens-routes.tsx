import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { CreateApiTokenSchema } from '../../../server/schemas/account.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../server/services/auth/api-tokens.ts';
import { field, fieldErrors, numberOrText, readForm, validate } from '../../forms.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render } from '../../page.tsx';
import { TokensPage } from './tokens-page.tsx';
import { labelsFrom, summaryItemsOf } from '../../messages.ts';

const TOKEN_LABELS = labelsFrom({ name: 'What it is for', expiresInDays: 'Expires after (days)' });
import { alreadyShownAt, asksToShow, holdOnce, shownAt, takeOnce, userOwner } from '../../one-time.ts';

/** Your API tokens, through the same services as GET/POST /api/tokens and DELETE /api/tokens/{id}. */
export const tokenPages = new Hono<AppEnv>()
  .get('/account/tokens', async (c) => {
    const principal = pageUser(c);
    // The redirect after creating a token shows its secret once (web/one-time.ts); a reload says it was shown.
    const created = asksToShow(c, 'api-token') ? await takeOnce<{ name: string; secret: string }>(c, 'api-token', userOwner(principal.id)) : null;
    if (asksToShow(c, 'api-token') && !created) return c.redirect(alreadyShownAt('/account/tokens', 'api-token'), 303);
    return render(c, 'API tokens', <TokensPage tokens={await listApiTokens(ctxOf(c, principal), principal.id)} created={created ?? undefined} timeZone={c.get('services').timeZone} />);
  })
  .post('/account/tokens', async (c) => {
    const principal = pageUser(c);
    const ctx = ctxOf(c, principal);
    const form = await readForm(c);
    const values = { name: field(form, 'name'), expiresInDays: field(form, 'expiresInDays') };
    try {
      const input = validate(CreateApiTokenSchema, { name: values.name || undefined, expiresInDays: numberOrText(values.expiresInDays) });
      const { token, secret } = await createApiToken(ctx, principal.id, input);
      // Shown by the GET this redirects to, once: a reload never posts again (web/one-time.ts).
      holdOnce(c, 'api-token', userOwner(principal.id), { name: token.name, secret });
      return c.redirect(shownAt('/account/tokens', 'api-token', 'new-token'), 303);
    } catch (err) {
      const error = formError(err);
      return render(c, 'API tokens', <TokensPage tokens={await listApiTokens(ctx, principal.id)} errors={fieldErrors(error)} summary={summaryItemsOf(error, TOKEN_LABELS)} values={values} timeZone={c.get('services').timeZone} />, formStatus(error));
    }
  })
  .post('/account/tokens/:id/revoke', async (c) => {
    const principal = pageUser(c);
    await revokeApiToken(ctxOf(c, principal), idFrom(c.req.param('id')));
    return c.redirect('/account/tokens?msg=token-revoked', 303);
  });
