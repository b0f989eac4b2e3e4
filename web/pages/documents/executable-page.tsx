import type { DocumentInfo, Version } from '../../../server/schemas/document.ts';
import type { Finding } from '../../../server/services/compliance/rule.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { FindingCounts, FindingView } from '../../components/findings.tsx';
import { SubmitWithProgress, TextArea } from '../../components/form-fields.tsx';
import { PageHeading } from '../../components/page-heading.tsx';

export interface ExecutableStepProps {
  doc: DocumentInfo;
  version: Version;
  /** Reasons entered so far, by rule id, and what is wrong with them. */
  reasons: Map<string, string>;
  errors: Record<string, string>;
  summary?: string;
  /** Findings the gate refused on (from its re-check with today's rules and reference data). */
  blocking?: Finding[];
}

/** The warnings of a version, one per rule (acknowledgements are per rule). */
export const warningsByRule = (version: Version) => [...new Map(version.compliance.findings.filter((f) => f.severity === 'warning').map((f) => [f.ruleId, f])).values()];

/**
 * The executable gate as a step: errors must be fixed first; every warning not yet accepted gets
 * a reason here; submitting records each acknowledgement and then asks the compliance gate to
 * mark the version executable (it re-checks and renders the signature-ready file).
 */
export function ExecutableStepPage(props: ExecutableStepProps) {
  const { doc, version } = props;
  const findings = version.compliance.findings;
  const errors = findings.filter((f) => f.severity === 'error');
  const acked = new Map((version.acknowledgements ?? []).map((a) => [a.ruleId, a.reason]));
  const warnings = warningsByRule(version);
  const open = warnings.filter((w) => !acked.has(w.ruleId));
  return (
    <section>
      <PageHeading title="Mark executable" detail={`${doc.title}, version ${version.versionNo}`} back={{ href: `/documents/${doc.id}`, label: 'Back to the document' }} />
      {props.summary && <ErrorList errors={[props.summary, ...(props.blocking ?? []).map((f) => `${f.severity === 'error' ? 'Error' : 'Unacknowledged warning'}: ${f.message}`)]} />}
      <FindingCounts findings={findings} />
      {doc.status !== 'draft' ? (
        <p>This document is {doc.status}; only a draft can be marked executable.</p>
      ) : errors.length > 0 ? (
        <>
          <h2>Fix these errors first</h2>
          <p>An error cannot be acknowledged: change the answers, the clause choices or the clause text and save a new version.</p>
          {errors.map((f) => (
            <FindingView finding={f} />
          ))}
          <p>
            <a class="button" href={`/documents/${doc.id}`}>
              Back to the questionnaire
            </a>
          </p>
        </>
      ) : (
        <form method="post" action={`/documents/${doc.id}/executable`} data-progress>
          <input type="hidden" name="versionNo" value={String(version.versionNo)} />
          {open.length > 0 && (
            <>
              <h2>Warnings to acknowledge</h2>
              <p>Each warning needs your reason for accepting it. The reason is recorded with your name, kept with the version and printed on its document record.</p>
            </>
          )}
          {open.map((f) => (
            <FindingView finding={f}>
              <TextArea id={`reason-${f.ruleId}`} name={`reason.${f.ruleId}`} label="Reason for accepting this warning" value={props.reasons.get(f.ruleId) ?? ''} error={props.errors[`reason.${f.ruleId}`]} rows={2} required />
            </FindingView>
          ))}
          {acked.size > 0 && (
            <>
              <h2>Already acknowledged</h2>
              <ul>
                {warnings
                  .filter((w) => acked.has(w.ruleId))
                  .map((w) => (
                    <li>
                      <strong>{w.title}</strong>: {acked.get(w.ruleId)}
                    </li>
                  ))}
              </ul>
            </>
          )}
          <SubmitWithProgress label={open.length ? 'Acknowledge and mark executable' : 'Mark executable'} busy="Re-checking and rendering the signature-ready file…" />
        </form>
      )}
    </section>
  );
}
