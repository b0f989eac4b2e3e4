import type { DocumentKind } from '../../../server/schemas/clause.ts';
import type { Portfolio } from '../../../server/schemas/portfolio.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { draftingFieldId } from '../../components/questionnaire.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { LivePanel } from '../documents/compliance-panel.tsx';
import { DraftingForm, type DraftingValues, type VariantGroups } from '../documents/drafting-form.tsx';

export interface DraftAllProps {
  portfolio: Portfolio;
  kind: DocumentKind;
  title: string;
  values: DraftingValues;
  errors: Record<string, string>;
  groups: VariantGroups;
  summary?: string | SummaryItem[];
}

/**
 * "Draft for every practice": one questionnaire whose answers every practice shares. Saving makes
 * one document per practice, each checked under its own state; a practice that needs different
 * answers is then edited on its own document. The live panel checks the first practice.
 */
export function DraftAllPage(props: DraftAllProps) {
  const { portfolio } = props;
  const kindTitle = KINDS[props.kind].title;
  const first = portfolio.practices[0]!;
  return (
    <section>
      <PageHeading title={`${kindTitle} for every practice`} detail={`in ${portfolio.name}`} back={{ href: `/portfolios/${portfolio.id}`, label: 'Back to the portfolio' }}>
        <a href={`/portfolios/${portfolio.id}/documents/new?kind=${props.kind}&sample=1`}>Start from the sample answers</a>
      </PageHeading>
      <p>
        {`One ${kindTitle} for each of ${portfolio.practices.length} practices: `}
        {portfolio.practices.map((p) => `${p.peName} (${p.peState})`).join('; ')}. Each is checked under its own state’s rules; a state whose law the answers break gets its own findings, and the
        other practices’ documents are made all the same.
      </p>
      {props.summary && <ErrorList errors={linkSummary(props.summary, draftingFieldId)} />}
      <div class="cols">
        <div>
          <DraftingForm
            action={`/portfolios/${portfolio.id}/documents/new`}
            liveCheck={`/matters/${first.matterId}/documents/preview`}
            kind={props.kind}
            values={props.values}
            errors={props.errors}
            groups={props.groups}
            clauses={[]}
            hidden={{ kind: props.kind }}
            submit={{ label: 'Assemble and check for every practice', busy: 'Assembling each practice’s document and running its state’s checks…' }}
          >
            <TextField id="doc-title" name="title" label="Document title (optional)" help={`Defaults to “${kindTitle}”.`} value={props.title} error={props.errors.title} />
          </DraftingForm>
        </div>
        <aside>
          <p class="small muted">{`Live check shown for ${first.peName} (${first.peState}).`}</p>
          <LivePanel />
        </aside>
      </div>
    </section>
  );
}
