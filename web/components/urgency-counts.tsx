import { URGENCIES, type Urgency } from '../../server/services/deadlines/deadline-kinds.ts';

const URGENCY_LABELS: Record<Urgency, string> = { overdue: 'overdue', 'within-7': 'within 7 days', 'within-30': 'within 30 days', 'within-90': 'within 90 days', later: 'later' };

/** Open deadlines counted by urgency, in words as well as colour (the home page leaves out "later"). */
export function UrgencyCounts(props: { byUrgency: Record<Urgency, number>; only?: readonly Urgency[]; href?: (urgency: Urgency) => string }) {
  return (
    <ul class="counts">
      {(props.only ?? URGENCIES).map((u) => (
        <li class={`urg-${u}`}>
          {/* A count links to the list it counts (issue 21), when the page gives the address. */}
          {props.href ? (
            <a href={props.href(u)}>
              <strong>{props.byUrgency[u]}</strong> {URGENCY_LABELS[u]}
            </a>
          ) : (
            <>
              <strong>{props.byUrgency[u]}</strong> {URGENCY_LABELS[u]}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
