import type { Role } from '../../../server/db/users.ts';
import type { DocumentInfo } from '../../../server/schemas/document.ts';
import type { SignedCopy } from '../../../server/services/documents/signed-copies.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { SubmitWithProgress, TextArea } from '../../components/form-fields.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { Table } from '../../components/table.tsx';
import { fmtDateTimeIn } from '../../format.ts';

export interface SignedCopyPageProps {
  role: Role;
  doc: DocumentInfo;
  copies: SignedCopy[];
  names: Map<number, string>;
  timeZone: string;
  /** A refused upload: why, and the reason as typed (the file itself cannot be sent back). */
  problem?: string;
  reason?: string;
}

/**
 * The signed copy of an executed agreement (POST /api/documents/{id}/signed-copy's page): upload
 * the DOCX or PDF the parties signed, replace it with a reason, and download any copy kept.
 */
export function SignedCopyPage(props: SignedCopyPageProps) {
  const { doc } = props;
  const executed = doc.executedVersionNo !== null;
  const hasCurrent = props.copies.some((c) => c.current);
  const canUpload = props.role === 'attorney' || props.role === 'paralegal';
  return (
    <section>
      <PageHeading title={`Signed copy — ${doc.title}`} detail={doc.shortId} back={{ href: `/documents/${doc.id}`, label: 'Back to the document' }}>
        {executed ? `Executed version ${doc.executedVersionNo}, signed ${doc.executedOn ?? '(date not recorded)'}.` : 'Not executed yet.'}
      </PageHeading>
      {props.problem && <ErrorList errors={[props.problem]} />}
      <h2>Copies kept</h2>
      <Table
        rows={props.copies}
        empty="No signed copy uploaded yet."
        columns={[
          { header: 'Version', cell: (c) => String(c.versionNo) },
          { header: 'Uploaded', cell: (c) => `${fmtDateTimeIn(c.uploadedAt, props.timeZone)} by ${props.names.get(c.uploadedBy) ?? 'a member of the firm'}` },
          { header: 'File', cell: (c) => <a href={`/documents/${doc.id}/signed-copies/${c.id}/download`}>{`Download ${c.contentType === 'application/pdf' ? 'PDF' : '.docx'}`}</a> },
          { header: 'Status', cell: (c) => (c.current ? 'Current' : 'Replaced') + (c.reason ? ` — replaced the earlier copy because: ${c.reason}` : '') },
        ]}
      />
      {canUpload && executed && (
        <form method="post" action={`/documents/${doc.id}/signed-copy`} enctype="multipart/form-data" class="card" data-progress>
          <h2>{hasCurrent ? 'Replace the signed copy' : 'Upload the signed copy'}</h2>
          <div class="field">
            <label for="signed-file">Signed file (PDF or .docx, at most 10 MB)</label>
            <input type="file" id="signed-file" name="file" accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" required aria-describedby="signed-file-help" />
            <p class="help" id="signed-file-help">
              The file is checked (no macros, scripts or embedded files) and its SHA-256 recorded with the execution.
            </p>
          </div>
          {hasCurrent && <TextArea id="signed-reason" name="reason" label="Why it is replaced" help="Required to replace the current copy; the earlier copy is kept." value={props.reason ?? ''} rows={2} required />}
          <SubmitWithProgress label={hasCurrent ? 'Replace the signed copy' : 'Upload the signed copy'} busy="Checking and storing the file…" />
        </form>
      )}
      {canUpload && !executed && <p class="muted">Record the execution (the date signed) on the document page first; the signed copy is then uploaded here.</p>}
    </section>
  );
}
