import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { fmtDateIn, fmtDateTimeIn } from '../../format.ts';
import type { ApiToken } from '../../../server/schemas/account.ts';

export interface TokensPageProps {
  tokens: ApiToken[];
  /** The token just made: its secret is on this response only (no-store) and never again. */
  created?: { name: string; secret: string };
  errors?: Record<string, string>;
  summary?: SummaryItem[];
  values?: { name: string; expiresInDays: string };
  /** The firm's time zone: every date and time on the page is read there (the time names it). */
  timeZone: string;
}

const status = (t: ApiToken, timeZone: string) => (t.revokedAt ? `Revoked ${fmtDateIn(t.revokedAt, timeZone)}` : t.active ? 'Active' : 'Expired');

/** Your personal API tokens: make one (shown once, with a copy button), see when each was last used, revoke. */
export function TokensPage(props: TokensPageProps) {
  const e = props.errors ?? {};
  return (
    <section class="card">
      <h1>API tokens</h1>
      <p>
        A token lets a script or an integration call the API as you, with your role, sent as <code>Authorization: Bearer …</code>. It needs no second step at sign-in: guard it like a password, give it
        the shortest life that works and revoke it when the integration goes.
      </p>
      {props.created && <NewToken name={props.created.name} secret={props.created.secret} />}
      <Table
        caption="Your tokens"
        empty="You have no API tokens."
        rows={props.tokens}
        columns={[
          { header: 'Name', cell: (t) => t.name },
          { header: 'Role', cell: (t) => t.role },
          { header: 'Created', cell: (t) => fmtDateIn(t.createdAt, props.timeZone) },
          { header: 'Expires', cell: (t) => fmtDateIn(t.expiresAt, props.timeZone) },
          { header: 'Last used', cell: (t) => (t.lastUsedAt ? fmtDateTimeIn(t.lastUsedAt, props.timeZone) : 'Never') },
          { header: 'Status', cell: (t) => status(t, props.timeZone) },
          {
            header: 'Action',
            cell: (t) =>
              t.active ? (
                <form method="post" action={`/account/tokens/${t.id}/revoke`} class="inline" data-confirm={`Revoke the token “${t.name}”? Anything using it stops working at once.`}>
                  <button type="submit" class="secondary" aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </button>
                </form>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <form method="post" action="/account/tokens" id="new-token-form" class="card">
        <h2>New token</h2>
        {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => ({ name: 't-name', expiresInDays: 't-days' })[key])} />}
        <TextField id="t-name" name="name" label="What it is for" help="For example “DMS sync”; up to 80 characters." value={props.values?.name} error={e.name} required />
        <TextField id="t-days" name="expiresInDays" label="Expires after (days)" help="1 to 365." inputmode="numeric" value={props.values?.expiresInDays ?? '90'} error={e.expiresInDays} required />
        <button type="submit">Create token</button>
      </form>
    </section>
  );
}

/** The secret, once, with a copy button (app.js; without script, select and copy). */
function NewToken(props: { name: string; secret: string }) {
  return (
    <div class="notice" role="status" id="new-token">
      <p>
        <strong>Your token “{props.name}” is ready.</strong> It is shown only this once: copy it now into the integration. Only its fingerprint is kept here.
      </p>
      <p>
        <code class="url" id="token-secret">
          {props.secret}
        </code>{' '}
        <button type="button" class="secondary" data-copy="token-secret" hidden>
          Copy token
        </button>
      </p>
    </div>
  );
}
