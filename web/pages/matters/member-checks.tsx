import type { User } from '../../../server/schemas/user.ts';
import { controlAria } from '../../components/form-fields.tsx';

/**
 * The matter form's people lists (clients, staff) as checkboxes, each refusal shown beside its
 * own entry (issue 21). The service names a refused member by its place in the list that was
 * posted (`clientUserIds.1`), not by user id, so the posted list maps each place back to its
 * account. An account posted but not offered here (its role changed, or the form was made up)
 * gets a row of its own, ticked, so the attorney sees what was refused and can untick it.
 */
export function MemberChecks(props: {
  name: 'clientUserIds' | 'staffUserIds';
  idPrefix: string;
  users: User[];
  describe: (user: User) => string;
  /** The ids posted (or stored), in order: an error's index is a place in this list. */
  chosen: readonly unknown[];
  errors: Record<string, string>;
}) {
  const { name, idPrefix, errors: e } = props;
  const chosen = props.chosen.map(String);
  const errorOf = (userId: string) =>
    chosen
      .flatMap((id, i) => (id === userId && e[`${name}.${i}`] ? [e[`${name}.${i}`]!] : []))
      .join(' ') || undefined;
  const offered = new Set(props.users.map((u) => String(u.id)));
  const rows = [
    ...props.users.map((u) => ({ value: String(u.id), label: props.describe(u) })),
    ...[...new Set(chosen)].filter((id) => !offered.has(id) && errorOf(id)).map((id) => ({ value: id, label: `Account ${id} (not offered in this list)` })),
  ];
  return (
    <>
      {rows.map((row) => {
        const id = `${idPrefix}-${row.value}`;
        const error = errorOf(row.value);
        return (
          <div class={error ? 'field check invalid' : 'field check'}>
            <input type="checkbox" id={id} name={name} value={row.value} checked={chosen.includes(row.value)} {...controlAria(id, undefined, error)} /> <label for={id}>{row.label}</label>
            {error && (
              <p class="error" id={`${id}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      {e[name] && (
        <p class="error" id={`${idPrefix}-list-error`}>
          {e[name]}
        </p>
      )}
    </>
  );
}
