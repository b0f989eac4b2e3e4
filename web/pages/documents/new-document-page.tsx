import type { DocumentKind } from '../../../server/schemas/clause.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { LivePanel } from './compliance-panel.tsx';
import { DraftingForm, type DraftingValues, type VariantGroups } from './drafting-form.tsx';
import { PageHeading } from '../../components/page-heading.tsx';

export interface NewDocumentProps {
  matter: { id: number; title: string };
  kind: DocumentKind;
  title: string;
  values: DraftingValues;
  errors: Record<string, string>;
  groups: VariantGroups;
  summary?: string;
}

/** Start a document: the kind's questionnaire (blank, or the sample answers), checked live before the first save. */
export function NewDocumentPage(props: NewDocumentProps) {
  const kindTitle = KINDS[props.kind].title;
  return (
    <section>
      <PageHeading title={`New ${kindTitle}`} detail={`in ${props.matter.title}`} back={{ href: `/matters/${props.matter.id}`, label: 'Back to the matter' }}>
        <a href={`/matters/${props.matter.id}/documents/new?kind=${props.kind}&sample=1`}>Start from the sample answers</a>
      </PageHeading>
      {props.summary && <ErrorList errors={[props.summary]} />}
      <div class="cols">
        <div>
          <DraftingForm
            action={`/matters/${props.matter.id}/documents/new`}
            liveCheck={`/matters/${props.matter.id}/documents/preview`}
            kind={props.kind}
            values={props.values}
            errors={props.errors}
            groups={props.groups}
            clauses={[]}
            hidden={{ kind: props.kind }}
            submit={{ label: 'Assemble and check', busy: 'Assembling the document and running the checks…' }}
          >
            <TextField id="doc-title" name="title" label="Document title (optional)" help={`Defaults to “${kindTitle}”.`} value={props.title} error={props.errors.title} />
          </DraftingForm>
        </div>
        <aside>
          <LivePanel />
        </aside>
      </div>
    </section>
  );
}
