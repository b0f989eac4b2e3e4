import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { InviteClientSchema } from '../../../server/schemas/matter-invite.ts';
import { inviteClientToMatter } from '../../../server/services/matters/invite-client.ts';
import { fmtDateTimeIn } from '../../format.ts';
import { field, fieldErrors, readForm, validate } from '../../forms.ts';
import { labelsFrom, summaryItemsOf } from '../../messages.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser } from '../../page.tsx';
import { matterPage } from './routes.tsx';
import { alreadyShownAt, asksToShow, holdOnce, shownAt, takeOnce, userOwner } from '../../one-time.ts';
import type { InviteState } from './matter-page.tsx';

type Invited = NonNullable<InviteState['done']>;

const INVITE_LABELS = labelsFrom({ name: 'Client’s full name', email: 'Client’s e-mail' });

/**
 * An attorney invites a client user from the matter page, through the same service as
 * POST /api/matters/{id}/clients. The post answers 303 to /matters/:id/invited, which shows the
 * invitation (and a new account's one-time code and link) once: a reload says it was shown and
 * never posts again (web/one-time.ts). The code is never put in an address or a cache.
 */
export const matterInvitePages = new Hono<AppEnv>()
  .get('/matters/:id/invited', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const done = asksToShow(c, 'client-invitation') ? await takeOnce<Invited>(c, 'client-invitation', userOwner(user.id)) : null;
    if (!done) return c.redirect(alreadyShownAt(`/matters/${id}`, 'client-invitation'), 303);
    return matterPage(c, id, undefined, 200, { done });
  })
  .post('/matters/:id/clients', async (c) => {
  const user = pageUser(c, 'attorney');
  const id = idFrom(c.req.param('id'));
  const form = await readForm(c);
  const values = { name: field(form, 'name'), email: field(form, 'email') };
  try {
    const invited = await inviteClientToMatter(ctxOf(c, user), id, validate(InviteClientSchema, values));
    const { timeZone } = c.get('services');
    const done = {
      name: invited.user.name,
      email: invited.user.email,
      accountCreated: invited.accountCreated,
      attached: invited.attached,
      ...(invited.reset ? { code: invited.reset.code, link: new URL(invited.reset.path, c.req.url).href, expiresAt: timeZone ? fmtDateTimeIn(invited.reset.expiresAt, timeZone) : invited.reset.expiresAt.slice(0, 16).replace('T', ' ') } : {}),
    };
    holdOnce(c, 'client-invitation', userOwner(user.id), done satisfies Invited);
    return c.redirect(shownAt(`/matters/${id}/invited`, 'client-invitation', 'invited-client'), 303);
  } catch (err) {
    const error = formError(err);
    return matterPage(c, id, undefined, formStatus(error), { values, errors: fieldErrors(error), summary: summaryItemsOf(error, INVITE_LABELS) });
  }
});
