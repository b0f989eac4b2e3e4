import type { Child } from 'hono/jsx';
import type { DocumentKind } from '../../../server/schemas/clause.ts';
import { SelectField, SubmitWithProgress, TextArea, TextField } from '../../components/form-fields.tsx';
import { Questionnaire } from '../../components/questionnaire.tsx';
import { humanize } from '../../format.ts';

/** The variant groups of a kind with their clauses, for the choices fieldset. */
export type VariantGroups = [group: string, clauses: { id: string; title: string }[]][];

export interface DraftingValues {
  answers: Record<string, unknown>;
  choices: Record<string, string>;
  overrides: Record<string, string>;
  note: string;
}

export interface DraftingFormProps {
  action: string;
  /** The live panel's endpoint for this matter. */
  liveCheck: string;
  kind: DocumentKind;
  values: DraftingValues;
  errors: Record<string, string>;
  groups: VariantGroups;
  /** Answers the kind's clauses print (blank ones are findings), so never labelled optional. */
  needed?: ReadonlySet<string>;
  /** The clauses this document uses, for "override another clause". */
  clauses: { id: string; title: string }[];
  hidden: Record<string, string>;
  submit: { label: string; busy: string };
  /** Fields placed before the questionnaire (e.g. a new document's title). */
  children?: Child;
}

/**
 * The drafting form: the generated questionnaire, the clause variant choices, per-document clause
 * text, and what changed. Posting it assembles and checks a version (which takes a moment: the
 * submit shows progress).
 */
export function DraftingForm(props: DraftingFormProps) {
  const { values, errors } = props;
  const unused = props.clauses.filter((c) => !(c.id in values.overrides));
  return (
    <form method="post" action={props.action} data-progress data-live-check={props.liveCheck}>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {/* On narrow screens the side panel falls below the form: this bar stays at the top with the live check's counts (live-check.js fills it) and leads to the findings. */}
      <p class="live-summary" aria-live="off">
        <a href="#live-heading" id="live-summary">
          Live check: change an answer to see what the rules say.
        </a>
      </p>
      {props.children}
      <Questionnaire kind={props.kind} values={values.answers} errors={errors} needed={props.needed} />
      {props.groups.length > 0 && (
        <fieldset>
          <legend>Clause choices</legend>
          {props.groups.map(([group, clauses]) => (
            <SelectField
              id={`choice-${group}`}
              name={`choice.${group}`}
              label={`${humanize(group)} — which clause`}
              help="Automatic lets the answers decide."
              value={values.choices[group] ?? ''}
              error={errors[`choices.${group}`]}
              blank="automatic"
              options={clauses.map((c) => ({ value: c.id, label: `${c.title} (${c.id})` }))}
            />
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>Clause text for this document only</legend>
        {Object.entries(values.overrides).map(([clauseId, text]) => (
          <TextArea id={`override-${clauseId}`} name={`override.${clauseId}`} label={`Text of ${clauseId}`} help="Empty it to go back to the library text." value={text} error={errors[`overrides.${clauseId}`]} mono rows={10} />
        ))}
        {unused.length > 0 && (
          <>
            <SelectField id="new-override-clause" name="newOverrideClause" label="Override another clause" blank="—" options={unused.map((c) => ({ value: c.id, label: `${c.title} (${c.id})` }))} />
            <TextArea id="new-override-text" name="newOverrideText" label="Its text for this document" help="The same language as the library: {variables} of this kind, blank lines between paragraphs." mono rows={6} />
          </>
        )}
      </fieldset>
      <TextField id="note" name="note" label="What changed in this version" value={values.note} error={errors.note} />
      <SubmitWithProgress label={props.submit.label} busy={props.submit.busy} />
    </form>
  );
}
