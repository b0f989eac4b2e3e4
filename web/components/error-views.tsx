/** The bodies of the 404 and error pages (the layout wraps them). */

export function NotFoundView() {
  return (
    <section>
      <h1>Not found</h1>
      <p>There is nothing at this address, or it is not yours to see.</p>
      <p>
        <a href="/">Back to your home page</a>
      </p>
    </section>
  );
}

export function ErrorView(props: { title: string; message: string }) {
  return (
    <section>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to your home page</a>
      </p>
    </section>
  );
}

/** One problem in a form's summary; with `field` (the id of its input), it links there and app.js focuses the field. */
export type ErrorItem = string | { message: string; field: string };

/** A summary problem as a route words it: plain, or with the form field (error key) it belongs to. */
export type SummaryItem = string | { message: string; key: string };

/**
 * A form's summary (one sentence, or its problems one by one) as ErrorList items: a problem whose
 * field has an input on the page (`idOf` gives its id) links there; the others stay plain text.
 */
export function linkSummary(summary: string | SummaryItem[], idOf: (key: string) => string | undefined): ErrorItem[] {
  return (typeof summary === 'string' ? [summary] : summary).map((s) => {
    if (typeof s === 'string') return s;
    const id = idOf(s.key);
    return id ? { message: s.message, field: id } : s.message;
  });
}

/** A form's problems in one list at its top (each is also shown beside its field). */
export function ErrorList(props: { errors: ErrorItem[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="errors" role="alert">
      <p>Please correct the following:</p>
      <ul>
        {props.errors.map((e) => (
          <li>
            {typeof e === 'string' ? (
              e
            ) : (
              <a href={`#${e.field}`} data-jump={e.field}>
                {e.message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
