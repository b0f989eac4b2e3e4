import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * What the browser test files (test/browser/) share: Debian's Chromium, browser contexts whose
 * pages carry axe-core, and axe's serious and critical violations on a page, one line each.
 *
 * Why axe is added per context and asked for violations only: measured on daily-work-lists alone
 * (two cores), axe took 26.3 s of the file's 59 s for 37 checks when each check injected the
 * ~550 KB script with page.addScriptTag (parsed again on every page, ~0.28 s a page) and let axe
 * work up its passes, incomplete and inapplicable results in full. With the script added once per
 * context (context.addInitScript) and resultTypes: ['violations'], axe took 8.0 s and the file
 * 51.7 s instead of 62.8 s, the same tests passing. resultTypes only trims the other result
 * types (axe keeps one node of each); violations are still reported with every node.
 */

/** Read once per worker, not once per file or per page. */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rules every browser file checks, and only violations worked up in full (see above). */
const AXE_RUN = "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] })";

/** Debian's Chromium (playwright-core brings no browser of its own); nothing runs in the background or calls out. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/**
 * A context whose every page has axe-core from its first script on (an init script runs in each
 * new document before the page's own scripts, and is not subject to the page's CSP), so
 * seriousViolations need not inject it page by page.
 */
export async function newCheckedContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: AXE });
  return context;
}

type AxeViolation = { id: string; impact: string | null; nodes: { target: string[] }[] };

/**
 * axe-core's serious and critical violations on the current page, as `name: rule (impact) at
 * target, target, target` (the first three nodes), or without ` at …` where `targets` is false.
 * A page from a context that newCheckedContext did not make gets axe injected first (that needs
 * the context's bypassCSP), so no page is ever left unchecked.
 */
export async function seriousViolations(page: Page, name: string, { targets = true } = {}): Promise<string[]> {
  // Evaluated as strings: the tests' TypeScript has no DOM types.
  if (!(await page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"))) await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(AXE_RUN)) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact})${targets ? ` at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}` : ''}`);
}
