import type { Child } from 'hono/jsx';

/** One column of a table: its header and how a row fills its cell. */
export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  class?: string;
}

/**
 * A data table with column headers (`<th scope="col">`), inside a wrapper that scrolls
 * sideways on a narrow screen instead of squeezing the columns. An empty list says so.
 */
export function Table<T>(props: { columns: Column<T>[]; rows: readonly T[]; caption?: string; empty?: string; /** Each row's id: an anchor a page returns to after acting on the row. */ rowId?: (row: T) => string }) {
  if (props.rows.length === 0 && props.empty) return <p class="muted">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        {props.caption && <caption class="muted small">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((col) => (
              <th scope="col">{col.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr id={props.rowId?.(row)}>
              {props.columns.map((col) => (
                <td class={col.class}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
