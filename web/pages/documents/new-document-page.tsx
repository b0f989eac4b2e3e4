import type { DocumentKind } from '../../../server/schemas/clause.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { draftingFieldId } from '../../components/questionnaire.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { LivePanel } from './compliance-panel.tsx';
import { DraftingForm, type DraftingValues, type VariantGroups } from './drafting-form.tsx';
import { PageHeading } from '../../components/page-heading.tsx';

export interface NewDocumentProps {
  matter: { id: number; title: string };
  /** An amendment: the agreement it amends (its answers are the starting point). */
  parent?: { id: number; title: string };
  kind: DocumentKind;
  title: string;
  values: DraftingValues;
  errors: Record<string, string>;
  groups: VariantGroups;
  needed?: ReadonlySet<string>;
  summary?: string | SummaryItem[];
  /** A line of credit started from the matter's MSA: what was taken from it. */
  startedFrom?: string;
}

/** Start a document: the kind's questionnaire (blank, or the sample answers), checked live before the first save. */
export function NewDocumentPage(props: NewDocumentProps) {
  const kindTitle = KINDS[props.kind].title;
  const heading = props.parent ? `Amendment to ${props.parent.title}` : `New ${kindTitle}`;
  const hidden: Record<string, string> = props.parent ? { kind: props.kind, parentDocumentId: String(props.parent.id), relation: 'amendment' } : { kind: props.kind };
  return (
    <section>
      <PageHeading title={heading} detail={`in ${props.matter.title}`} back={{ href: `/matters/${props.matter.id}`, label: 'Back to the matter' }}>
        {props.parent ? 'Starts from the answers of the agreement it amends.' : <a href={`/matters/${props.matter.id}/documents/new?kind=${props.kind}&sample=1`}>Start from the sample answers</a>}
      </PageHeading>
      {props.summary && <ErrorList errors={linkSummary(props.summary, draftingFieldId)} />}
      {props.startedFrom && <p class="notice">{props.startedFrom}</p>}
      <div class="cols">
        <div>
          <DraftingForm
            action={`/matters/${props.matter.id}/documents/new`}
            liveCheck={`/matters/${props.matter.id}/documents/preview`}
            kind={props.kind}
            values={props.values}
            errors={props.errors}
            groups={props.groups}
            needed={props.needed}
            clauses={[]}
            hidden={hidden}
            submit={{ label: 'Assemble and check', busy: 'Assembling the document and running the checks…' }}
          >
            <TextField id="doc-title" name="title" label="Document title (optional)" help={props.parent ? 'e.g. First Amendment to the Management Services Agreement' : `Defaults to “${kindTitle}”.`} value={props.title} error={props.errors.title} />
          </DraftingForm>
        </div>
        <aside class="side-panel" aria-label="Compliance checks" tabindex={0}>
          <LivePanel />
        </aside>
      </div>
    </section>
  );
}
