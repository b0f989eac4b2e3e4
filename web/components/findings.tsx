import type { Child } from 'hono/jsx';
import type { Finding } from '../../server/services/compliance/rule.ts';
import { plural } from '../format.ts';
import { idOf } from './questionnaire.tsx';
import { matterFieldAnchor } from '../pages/matters/matter-field-anchor.ts';

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
/** Errors first, then warnings, then notes (the order an attorney works through them). */
export const bySeverity = <F extends Finding>(findings: readonly F[]): F[] => [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);

/** Severity in words (never colour alone): what a screen reader and a printout both say. */
const SEVERITY_WORD: Record<Finding['severity'], string> = { error: 'ERROR', warning: 'WARNING', info: 'NOTE' };

/**
 * One finding in words an attorney can act on: severity, what is wrong, the fix, the source.
 * The headline is the finding's message (the problem found), not the rule's title: a title
 * states the requirement ("A percentage fee is allowed in the state"), which under an ERROR
 * badge reads like a pass. The title follows as the rule that was checked.
 */
export function FindingView(props: {
  finding: Finding;
  children?: Child;
  /** On the drafting page: link a finding about an answer to its question. */
  linkField?: boolean;
  /**
   * The matter's edit page (`/matters/:id/edit`), given only to those who may open it (attorneys):
   * a finding about a matter fact links to that fact's field there. Clients never get it.
   */
  matterEditHref?: string;
}) {
  const f = props.finding;
  const matterAnchor = props.matterEditHref && f.matterField ? matterFieldAnchor(f.matterField) : undefined;
  return (
    <div class={`finding finding-${f.severity}`}>
      <p>
        <span class={`badge sev-${f.severity}`}>{SEVERITY_WORD[f.severity]}</span> <strong>{f.message}</strong>
        {f.unverified && <span class="badge sev-warning"> rests on unverified reference data</span>}
      </p>
      <p>
        <em>Fix:</em> {f.fix}
        {props.linkField && f.field && (
          <>
            {' '}
            <a href={`#${idOf(f.field)}`} class="jump-to-field" data-jump={idOf(f.field)}>
              Go to the question
            </a>
          </>
        )}
        {matterAnchor && (
          <>
            {' '}
            <a href={`${props.matterEditHref}#${matterAnchor}`} class="jump-to-matter-field">
              Change it on the matter
            </a>
          </>
        )}
      </p>
      <p class="small muted">
        Rule checked: {f.title}. Source: {f.citation}
      </p>
      {props.children}
    </div>
  );
}

export function FindingCounts(props: { findings: readonly Finding[]; suffix?: string }) {
  const count = (severity: Finding['severity']) => props.findings.filter((f) => f.severity === severity).length;
  return (
    <p>
      <strong>{plural(count('error'), 'error')}</strong>, <strong>{plural(count('warning'), 'warning')}</strong>, {plural(count('info'), 'note')}
      {props.suffix ?? '.'}
    </p>
  );
}

/** The live panel's content: what the rules say about the unsaved answers (notes left out). */
export function LiveFindings(props: { findings: readonly Finding[]; matterEditHref?: string }) {
  return (
    <div>
      <FindingCounts findings={props.findings} suffix=" if saved now." />
      {bySeverity(props.findings)
        .filter((f) => f.severity !== 'info')
        .map((f) => (
          <FindingView finding={f} linkField matterEditHref={props.matterEditHref} />
        ))}
    </div>
  );
}

/** The live panel when the answers cannot be checked yet: what is missing or invalid. */
export function LiveProblems(props: { problems: string[] }) {
  return (
    <div>
      <p>
        <strong>Not checked yet</strong> — some answers are missing or not valid:
      </p>
      <ul>
        {props.problems.slice(0, 12).map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </div>
  );
}
