import type { Child } from 'hono/jsx';
import type { ListQuery, ListSpec } from '../../server/db/keyset.ts';
import { SelectField, TextField } from './form-fields.tsx';

/**
 * The controls of a searched, sorted, keyset-paged list (issue 21): the search form, a notice
 * for filters the page dropped, and previous/next links that keep q, sort, dir and limit.
 */

/** The list's address with its filters and this cursor (none: the first page). */
export function listHref(path: string, query: ListQuery, spec: ListSpec, cursor: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (query.q) params.set('q', query.q);
  if (query.sort !== spec.defaultSort) params.set('sort', query.sort);
  if (query.dir !== spec.sorts[query.sort]!.dir) params.set('dir', query.dir);
  if (query.limit !== 25) params.set('limit', String(query.limit));
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function ListSearch(props: { path: string; spec: ListSpec; query: ListQuery; label: string; id: string; hidden?: Record<string, string>; children?: Child }) {
  const { spec, query } = props;
  return (
    <form method="get" action={props.path} class="card inline-fields" role="search" aria-label={props.label}>
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {/* A page size chosen in the address stays with a new search, as it does with the page links. */}
      {query.limit !== 25 && <input type="hidden" name="limit" value={String(query.limit)} />}
      <TextField id={`${props.id}-q`} name="q" label="Search" value={query.q} />
      {props.children}
      <SelectField id={`${props.id}-sort`} name="sort" label="Sort by" value={query.sort} options={Object.entries(spec.sorts).map(([value, s]) => ({ value, label: s.label }))} />
      <SelectField
        id={`${props.id}-dir`}
        name="dir"
        label="Order"
        value={query.dir}
        options={[
          { value: 'asc', label: 'Ascending (A–Z, oldest first)' },
          { value: 'desc', label: 'Descending (Z–A, newest first)' },
        ]}
      />
      <button type="submit" class="secondary">
        Search
      </button>
    </form>
  );
}

/** Filters the page could not use and dropped (an unknown sort, a stale page link), in words. */
export function ListProblems(props: { problems: string[] }) {
  if (!props.problems.length) return null;
  return (
    <div class="notice" role="status">
      {props.problems.map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

export function ListPaging(props: { label: string; prevHref: string | null; nextHref: string | null; firstHref: string | null; shown: number; what: string }) {
  return (
    <nav class="paging small" aria-label={props.label}>
      <span>
        {props.shown === 0 ? `No ${props.what}` : `${props.shown} ${props.what} on this page`}
      </span>
      {props.firstHref && (
        <>
          {' · '}
          <a href={props.firstHref}>First page</a>
        </>
      )}
      {props.prevHref && (
        <>
          {' · '}
          <a href={props.prevHref} rel="prev">
            Previous page
          </a>
        </>
      )}
      {props.nextHref && (
        <>
          {' · '}
          <a href={props.nextHref} rel="next">
            Next page
          </a>
        </>
      )}
    </nav>
  );
}

/** Paging links for a page of a list at `path`. */
export function pagingOf(path: string, spec: ListSpec, query: ListQuery, page: { nextCursor: string | null; prevCursor: string | null }, extra: Record<string, string> = {}) {
  return {
    prevHref: page.prevCursor ? listHref(path, query, spec, page.prevCursor, extra) : null,
    nextHref: page.nextCursor ? listHref(path, query, spec, page.nextCursor, extra) : null,
    firstHref: query.cursor ? listHref(path, query, spec, null, extra) : null,
  };
}
