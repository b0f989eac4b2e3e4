import { z } from '@hono/zod-openapi';
import { MAX_PAGE_SIZE, PAGE_SIZE, type ListSpec } from '../db/keyset.ts';

/**
 * The query of a searched, sorted, keyset-paged list (issue 21). Kept as plain strings here so
 * parseListQuery (server/db/keyset.ts) answers each mistake with its own stable reason
 * (unknown_sort, invalid_direction, invalid_limit, invalid_cursor, search_too_long).
 */
export function listQueryParams(spec: ListSpec, what: string) {
  return z.object({
    q: z.string().optional().describe(`Search ${what}: every word must appear (case-insensitive; % and _ match themselves)`),
    sort: z.string().optional().describe(`One of: ${Object.keys(spec.sorts).join(', ')} (default ${spec.defaultSort})`),
    dir: z.string().optional().describe('asc or desc (each sort has its own default)'),
    limit: z.string().optional().describe(`Rows per page, 1–${MAX_PAGE_SIZE} (default ${PAGE_SIZE})`),
    cursor: z.string().optional().describe('nextCursor (or prevCursor) of the page before, with the same q, sort and dir'),
  });
}

export const PageCursors = { nextCursor: z.string().nullable().describe('The next page’s cursor; null on the last page'), prevCursor: z.string().nullable().describe('The previous page’s cursor; null on the first page') };
