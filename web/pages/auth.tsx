import { Hono } from 'hono';
import type { AppEnv } from '../../server/http/env.ts';
import { AppError } from '../../server/errors.ts';
import { signIn, signOut } from '../../server/routes/auth.ts';
import { LoginSchema } from '../../server/schemas/user.ts';
import { summarizeDeadlines } from '../../server/services/deadlines/deadlines.ts';
import { listMatters } from '../../server/services/matters/matters.ts';
import { Field, ErrorList } from '../layout.tsx';
import { UrgencyCounts } from './deadlines.tsx';
import { ctxOf, formOf, pageUser, render, str, validate, type WebContext } from '../page.tsx';

/** Only a same-site path is followed after sign-in (never "//evil.example" or a full URL). */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/');

function LoginForm(props: { email: string; next: string; error?: string }) {
  return (
    <section class="login card">
      <h1>Sign in</h1>
      {props.error && <ErrorList errors={[props.error]} />}
      <form method="post" action={`/login?next=${encodeURIComponent(props.next)}`}>
        <Field id="email" label="Email">
          <input type="email" id="email" name="email" value={props.email} autocomplete="username" required />
        </Field>
        <Field id="password" label="Password">
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </Field>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}

export const authPages = new Hono<AppEnv>()
  .get('/login', (c) => {
    if (c.get('principal')) return c.redirect(safeNext(c.req.query('next')), 303);
    return render(c, 'Sign in', <LoginForm email="" next={safeNext(c.req.query('next'))} />);
  })
  .post('/login', async (c) => {
    const form = await formOf(c);
    const next = safeNext(c.req.query('next'));
    try {
      await signIn(c, validate(LoginSchema, { email: str(form, 'email'), password: str(form, 'password') }));
      return c.redirect(next, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The same words for an unknown email and a wrong password, as the API.
      const message = err.code === 'rate_limited' ? err.message : 'The email or password is not right.';
      return render(c, 'Sign in', <LoginForm email={str(form, 'email')} next={next} error={message} />, err.code === 'rate_limited' ? 422 : 400);
    }
  })
  .post('/logout', async (c) => {
    if (c.get('principal')) await signOut(c);
    return c.redirect('/login', 303);
  })
  .get('/', (c) => home(c));

async function home(c: WebContext) {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const matters = await listMatters(ctx.db, user);
  const summary = user.role === 'admin' ? null : await summarizeDeadlines(ctx, { withinDays: 90 });
  const intro: Record<string, string> = {
    attorney: 'Draft agreements, check them and mark them executable.',
    paralegal: 'Track deadlines, renewals and checklist tasks across the firm’s matters.',
    client: 'Your matters and their signature-ready documents.',
    admin: 'Users, roles and the reference data the compliance checks rest on.',
  };
  return render(
    c,
    'Home',
    <section>
      <h1>Welcome, {user.name}</h1>
      <p>{intro[user.role]}</p>
      {summary && (
        <section aria-labelledby="due-heading">
          <h2 id="due-heading">Due in the next 90 days</h2>
          <UrgencyCounts byUrgency={summary.byUrgency} only={['overdue', 'within-7', 'within-30', 'within-90']} />
          <p>
            <a href="/deadlines">See the deadlines</a>
          </p>
        </section>
      )}
      <h2>{user.role === 'client' ? 'Your matters' : 'Recent matters'}</h2>
      {matters.length === 0 ? (
        <p class="muted">No matters yet.</p>
      ) : (
        <ul>
          {matters.slice(0, 10).map((m) => (
            <li>
              <a href={`/matters/${m.id}`}>{m.title}</a> <span class="muted small">({m.trackingStatus})</span>
            </li>
          ))}
        </ul>
      )}
      {user.role === 'attorney' && (
        <p>
          <a class="button" href="/matters/new">
            Open a matter
          </a>
        </p>
      )}
    </section>,
  );
}
