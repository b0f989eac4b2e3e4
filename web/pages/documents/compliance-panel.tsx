import type { DocumentInfo, Version } from '../../../server/schemas/document.ts';
import { bySeverity, FindingCounts, FindingView } from '../../components/findings.tsx';

/**
 * The stored version's compliance report: every finding with its citation and fix, and for
 * each warning whether an attorney has accepted it and why. Marking executable is a separate
 * step (the executable page), where the remaining warnings are acknowledged.
 */
export function CompliancePanel(props: { doc: DocumentInfo; version: Version; canApprove: boolean; /** Attorneys (who may edit the matter): findings about matter facts link to its edit page. */ canEditMatter?: boolean }) {
  const { doc, version } = props;
  const acked = new Map((version.acknowledgements ?? []).map((a) => [a.ruleId, a]));
  const findings = version.compliance.findings;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const unacked = new Set(findings.filter((f) => f.severity === 'warning' && !acked.has(f.ruleId)).map((f) => f.ruleId)).size;
  return (
    <section class="card" id="compliance" aria-labelledby="compliance-heading">
      <h2 id="compliance-heading">Compliance — version {version.versionNo}</h2>
      <FindingCounts findings={findings} />
      <p class="small muted">
        Rules {version.compliance.ruleSetVersion}; reference data {version.compliance.referenceVersion}
      </p>
      {props.canApprove && doc.status === 'draft' && (
        <p>
          <a class="button" href={`/documents/${doc.id}/executable`}>
            Review and mark executable
          </a>
          <br />
          <span class="small muted">
            {errors > 0 ? 'Blocked until every error is fixed.' : unacked > 0 ? `${unacked} warning(s) to acknowledge with a reason first.` : 'No errors; every warning acknowledged.'}
          </span>
        </p>
      )}
      {bySeverity(findings).map((f) => (
        <FindingView finding={f} linkField matterEditHref={props.canEditMatter ? `/matters/${doc.matterId}/edit` : undefined}>
          {f.severity === 'warning' && (acked.has(f.ruleId) ? <p class="small">Acknowledged: {acked.get(f.ruleId)!.reason}</p> : <p class="small">Not yet acknowledged.</p>)}
        </FindingView>
      ))}
    </section>
  );
}

/** Where the live check's findings for the unsaved answers appear (filled by live-check.js). */
export function LivePanel() {
  return (
    <section class="card live" aria-labelledby="live-heading">
      <h2 id="live-heading">Live check of unsaved answers</h2>
      <div id="live-check" aria-live="polite">
        <p class="muted small">Change an answer to see what the rules say before you save.</p>
      </div>
    </section>
  );
}
