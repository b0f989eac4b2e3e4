import type { Child } from 'hono/jsx';

/**
 * A page's <h1> with its identifying detail (a clause id, a document's short id) and the line
 * under it: the way back up, then whatever else the page says about itself.
 */
export function PageHeading(props: { title: Child; detail?: Child; back: { href: string; label: string }; children?: Child }) {
  return (
    <>
      <h1>
        {props.title}
        {props.detail !== undefined && (
          <>
            {' '}
            <span class="muted small">{props.detail}</span>
          </>
        )}
      </h1>
      <p>
        <a href={props.back.href}>{props.back.label}</a>
        {props.children !== undefined && <> · {props.children}</>}
      </p>
    </>
  );
}
