import type { DocumentKind } from '../../../server/schemas/clause.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { LivePanel } from './compliance-panel.tsx';
import { DraftingForm, type DraftingValues, type VariantGroups } from './drafting-form.tsx';

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
      <h1>
        New {kindTitle} <span class="muted small">in {props.matter.title}</span>
      </h1>
      <p>
        <a href={`/matters/${props.matter.id}/documents/new?kind=${props.kind}&sample=1`}>Start from the sample answers</a> · <a href={`/matters/${props.matter.id}`}>Back to the matter</a>
      </p>
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
