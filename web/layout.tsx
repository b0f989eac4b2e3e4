import type { Child } from 'hono/jsx';
import type { Principal } from '../server/services/context.ts';

/** Navigation by role: each person sees the places their work happens. */
const NAV: Record<Principal['role'], [string, string][]> = {
  attorney: [['/', 'Home'], ['/matters', 'Matters'], ['/portfolios', 'Portfolios'], ['/deadlines', 'Deadlines'], ['/clauses', 'Clause library']],
  paralegal: [['/', 'Home'], ['/deadlines', 'Deadlines'], ['/matters', 'Matters'], ['/portfolios', 'Portfolios'], ['/clauses', 'Clause library']],
  client: [['/', 'Home'], ['/matters', 'My matters'], ['/portfolios', 'Portfolios'], ['/deadlines', 'Key dates']],
  admin: [['/', 'Home'], ['/admin/users', 'Users'], ['/admin/reference', 'Reference data'], ['/matters', 'Matters'], ['/portfolios', 'Portfolios'], ['/clauses', 'Clause library']],
};

/** The nav entry a path belongs to: the longest prefix match, so /matters/3 marks "Matters". */
function currentNav(items: [string, string][], path: string): string | undefined {
  return items
    .map(([href]) => href)
    .filter((href) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

/** The page shell: header with role navigation and sign-out, main, and the not-legal-advice footer. */
export function Layout(props: { title: string; path: string; user: Principal | null; children: Child; flash?: string | null; scripts?: string[] }) {
  const items = props.user ? NAV[props.user.role] : [];
  const current = currentNav(items, props.path);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · clausewright`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
        {(props.scripts ?? []).map((name) => (
          <script src={`/assets/${name}`} defer></script>
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            clausewright
          </a>
          {props.user && (
            <nav aria-label="Main">
              <ul>
                {items.map(([href, label]) => (
                  <li>
                    <a href={href} aria-current={href === current ? 'page' : undefined}>
                      {label}
                    </a>
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
              <a href="/account/password">Password</a>
              <a href="/account/mfa">Two-step sign-in</a>
              <a href="/account/tokens">API tokens</a>
              <button type="submit" class="link">
                Sign out
              </button>
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
