import type { Child } from 'hono/jsx';
import type { Principal } from '../server/services/context.ts';

/** Navigation by role: each person sees the places their work happens. */
const NAV: Record<Principal['role'], [string, string][]> = {
  attorney: [['/', 'Home'], ['/matters', 'Matters'], ['/deadlines', 'Deadlines'], ['/clauses', 'Clause library']],
  paralegal: [['/', 'Home'], ['/deadlines', 'Deadlines'], ['/matters', 'Matters']],
  client: [['/', 'Home'], ['/matters', 'My matters'], ['/deadlines', 'Dates']],
  admin: [['/', 'Home'], ['/admin/users', 'Users'], ['/admin/reference', 'Reference data'], ['/matters', 'Matters']],
};

export function Layout(props: { title: string; user: Principal | null; children: Child; flash?: string | null; scripts?: string[] }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · clausewright`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
        {(props.scripts ?? []).map((name) => (
          <script src={`/assets/${name}`} defer></script>
        ))}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">clausewright</a>
          {props.user && (
            <nav aria-label="Main">
              <ul>
                {NAV[props.user.role].map(([href, label]) => (
                  <li>
                    <a href={href}>{label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {props.user && (
            <form method="post" action="/logout" class="signout">
              <span class="who">
                {props.user.name} · {props.user.role}
              </span>
              <button type="submit" class="link">Sign out</button>
            </form>
          )}
        </header>
        <main id="main">
          {props.flash && (
            <p class="flash" role="status">
              {props.flash}
            </p>
          )}
          {props.children}
        </main>
        <footer class="foot">
          <p>clausewright is a drafting aid for attorneys, not legal advice. Every rule and reference row names its source; unverified rows are marked.</p>
        </footer>
      </body>
    </html>
  );
}

/** A labelled form field with its help text and error, wired for screen readers. */
export function Field(props: { id: string; label: string; help?: string; error?: string; children: Child }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.help && (
        <p class="help" id={`${props.id}-help`}>
          {props.help}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** aria-describedby for a field's help and error texts. */
export const describedBy = (id: string, help?: string, error?: string) => [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function ErrorList(props: { errors: string[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="errors" role="alert">
      <p>Please correct the following:</p>
      <ul>
        {props.errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}
