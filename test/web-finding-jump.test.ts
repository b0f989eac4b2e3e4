import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterWithDocument, sample } from './helpers/documents.ts';
import { makeTestApp } from './helpers/test-app.ts';

/**
 * Issue 21: the drafting page links a stored finding about an answer that is not blank (a short
 * term, billing without PHI, a volume measure's row) to that question, and every such link
 * targets a question on the same page.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t?.close());

describe('the drafting page: "Go to the question" for findings that are not blanks', () => {
  it('links each finding that names an answer to that question on the page', async () => {
    const answers = {
      ...sample('msa'),
      initialTermMonths: 6,
      handlesPhi: false,
      performanceFee: 'quality-bonus',
      performanceMeasures: [{ name: 'New patient visits', type: 'volume', benchmark: '1,000 visits a year' }],
      performancePeriodMonths: 12,
      performanceCap: 10000,
    };
    const { attorney, document } = await matterWithDocument(t, 'msa', answers);
    const html = await (await t.request(`/documents/${document.id}`, { cookie: attorney })).text();
    for (const [headline, id] of [
      ['The initial term is 6 months', 'f-initialTermMonths'],
      ['The agreement says Manager will not handle PHI', 'f-handlesPhi'],
      ['The performance measure “New patient visits” is a measure of', 'f-performanceMeasures-0-type'],
    ] as const) {
      // The link is in the same finding as the headline (no other finding starts between them).
      expect(html).toMatch(new RegExp(`${headline}(?:(?!class="finding )[\\s\\S])*?<a href="#${id}" class="jump-to-field" data-jump="${id}">Go to the question</a>`));
    }
    const targets = [...html.matchAll(/data-jump="([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThanOrEqual(3);
    for (const id of targets) expect(html).toContain(`id="${id}"`);
  });
});
