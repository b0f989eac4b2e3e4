import type { DocumentInfo, Version } from '../../../server/schemas/document.ts';
import { fmtDateTime, fmtDateTimeIn, plural } from '../../format.ts';

/** Version history, newest first: each version's file, and its differences from the one before. */
export function VersionList(props: { doc: DocumentInfo; versions: Version[]; /** The firm's zone: each version's time there, named; without it, UTC. */ timeZone?: string }) {
  const { doc } = props;
  return (
    <section class="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <ol reversed>
        {[...props.versions].reverse().map((v) => (
          <li>
            <strong>Version {v.versionNo}</strong>
            {v.versionNo === doc.executableVersionNo ? ' (executable)' : ''}
            {v.versionNo === doc.executedVersionNo ? ' (executed)' : ''} · {props.timeZone ? fmtDateTimeIn(v.createdAt, props.timeZone) : fmtDateTime(v.createdAt)} · {plural(v.compliance.summary.errors, 'error')}, {plural(v.compliance.summary.warnings, 'warning')}
            {v.note ? ` · ${v.note}` : ''}
            <br />
            <a href={`/documents/${doc.id}/versions/${v.versionNo}/download`}>Download .docx</a>
            {v.versionNo > 1 && (
              <>
                {' '}
                · <a href={`/documents/${doc.id}/compare?from=${v.versionNo - 1}&to=${v.versionNo}`}>Compare with {v.versionNo - 1}</a> ·{' '}
                <a href={`/documents/${doc.id}/redline?from=${v.versionNo - 1}&to=${v.versionNo}`}>Redline .docx</a>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
