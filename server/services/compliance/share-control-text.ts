/**
 * Finding share-transfer control and share-acquisition financing in clause language, so that an
 * attorney's own text (or a side clause in any document) is treated like the
 * `shareTransferRestriction` answer. Oregon SB 951 (Or. Laws 2025 ch. 295, amending ORS 58.375)
 * bars an MSO from controlling or restricting the sale or transfer of a practice's shares by any
 * agreement, and from acquiring or financing the acquisition of a majority of them.
 */

const SENTENCES = /(?<!\b(?:Dr|Mr|Mrs|Ms|No|Inc|Co|Corp|Ltd|St|Sec|e\.g|i\.e)\.)(?<=\.)\s+|\n/;
const EQUITY = /\b(?:equity (?:interests?|securities)|shares?|stock|membership interests?|ownership interests?|Practice Owners?)\b/i;
/** The equity is the practice's (not the manager's own): "in Practice", "Borrower's shares", a "Practice Owner". */
const PRACTICE_EQUITY =
  /\b(?:equity (?:interests?|securities)|shares?|stock|membership interests?|ownership interests?)\s+(?:\w+\s+){0,3}?(?:in|of)\s+(?:the\s+)?(?:Practice|Borrower|professional (?:medical )?(?:entity|corporation))\b|\b(?:Practice|Borrower)(?:'s|’s)\s+(?:\w+\s+){0,2}?(?:equity|shares?|stock|ownership)\b|\bPractice Owners?\b/i;
const TRANSFER = /\b(?:sell|sale|assign|transfer|pledg|encumb|dispos|convey|issu)\w*/i;
const MSO = /\b(?:Manager|Lender|MSO|management services organi[sz]ation)\b/;
const CONTROL = /\b(?:consent|approv\w*|veto\w*|option|right of first|designat\w*|nominat\w*|direct\w*|requir\w*|restrict\w*|prohibit\w*|condition\w*)\b/i;
/** Sentences that disclaim control ("Nothing in this Section gives Manager…", "This Section does not apply…"). */
const DISCLAIMER = /^\W*(?:nothing|no provision|neither)\b|\bdoes not apply\b|\bhas no effect\b|\bnothing in\b/i;
const PROHIBITION = /\b(?:shall not|may not|will not|must not|not to|cannot)\b|\bno\s+(?:\w+\s+){0,3}?(?:shall|may)\b/i;
const FREE_OF_CONSENT = /\bwithout (?:the |any )?(?:need for |requirement of )?(?:prior )?(?:written )?(?:consent|approval) of (?:the )?(?:Manager|Lender|MSO)\b/i;

/** Sentences in which the manager (or lender) controls, conditions or restricts a transfer or issue of the practice's equity. */
export function shareTransferControlSentences(text: string): string[] {
  return text.split(SENTENCES).filter((s) => {
    if (!TRANSFER.test(s) || !EQUITY.test(s) || !PRACTICE_EQUITY.test(s) || !MSO.test(s) || !CONTROL.test(s)) return false;
    if (DISCLAIMER.test(s)) return false;
    // "Owners may sell without the consent of Manager" frees the transfer; "not to sell … without the consent of Manager" restricts it.
    if (FREE_OF_CONSENT.test(s) && !PROHIBITION.test(s)) return false;
    return true;
  });
}

const FINANCE = /\b(?:financ\w*|fund\w*|loans?|lend\w*|advances?)\b/i;
const ACQUIRE = /\b(?:acqui\w*|purchas\w*|buy\w*|redeem\w*|redemption)\b/i;
const NEGATED = /\b(?:no|not|nothing|never|neither|nor|except)\b/i;
const MAJORITY = /\b(?:majority|all|substantially all|controlling|more than (?:fifty|50)\s*(?:percent|per cent|%))\b|\b(?:5[1-9]|[6-9]\d|100)\s*(?:%|percent|per cent)/i;

export interface FinancingSentence {
  sentence: string;
  /** The text itself says the stake is a majority (or all, or controlling). */
  majority: boolean;
}

/** Sentences that provide money for buying the practice's equity (SB 951: "financing the acquisition of" its shares). */
export function shareAcquisitionFinancingSentences(text: string): FinancingSentence[] {
  return text
    .split(SENTENCES)
    .filter((s) => FINANCE.test(s) && ACQUIRE.test(s) && PRACTICE_EQUITY.test(s) && !NEGATED.test(s) && !DISCLAIMER.test(s))
    .map((sentence) => ({ sentence, majority: MAJORITY.test(sentence) }));
}
