import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATTER_CHOICES } from '../../web/pages/deadlines/routes.tsx';
import { openScaleApp, PAGES, ROLES } from './pages.ts';
import { seedScale, type ScaleDb } from './seed-scale.ts';

/**
 * The page bench's seeder at a small scale: the rows it copies in SQL are ones the services and
 * pages read without error — every bench page answers 200 to each role that may see it (403 to
 * the others), the copies show up where they should, and a second call reuses the cached file.
 * No timing is asserted.
 */
let dir: string;
let scale: ScaleDb;
let app: Awaited<ReturnType<typeof openScaleApp>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-seed-scale-test-'));
  scale = await seedScale({ matters: 50, dir });
  app = await openScaleApp(scale);
}, 300_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seed-scale', () => {
  it('seeds the asked-for scale: 10 documents a matter, 5 deadlines a copied document', () => {
    expect(scale.cached).toBe(false);
    expect(scale.counts).toMatchObject({ matters: 50, documents: 500, versions: 500, deadlines: 499 * 5 });
  });

  it('serves every bench page to each role that may see it, and refuses the others', async () => {
    const failures: string[] = [];
    for (const page of PAGES(scale))
      for (const role of ROLES) {
        const res = await app.get(page.path, role);
        const expected = page.roles.includes(role) ? 200 : 403;
        if (res.status !== expected) failures.push(`${page.path} as ${role}: ${res.status}, expected ${expected}`);
      }
    expect(failures).toEqual([]);
  });

  it('shows the copied rows: a copied matter to its attorney, the client only its own matters', async () => {
    // attorney1 is on matters 1, 21, 41; client1 on matters 1–10.
    expect((await app.get('/matters/21', 'attorney')).status).toBe(200);
    expect((await app.get('/matters/21', 'client')).status).toBe(404);
    const clientMatter = await app.get('/matters/10', 'client');
    expect(clientMatter.status).toBe(200);
    expect(clientMatter.html).toContain('Matter 10 — Practice 10 MSA');
    // A copied MSA opens on the drafting page with its own short id.
    const copy = await app.get('/documents/205', 'attorney');
    expect(copy.status).toBe(200);
    expect(copy.html).toContain('CW-S205');
  });

  it('reuses the cached file on a second call', async () => {
    const again = await seedScale({ matters: 50, dir });
    expect(again.cached).toBe(true);
    expect(again.file).toBe(scale.file);
  });
});

describe('the deadlines dashboard at more matters than its matter filter lists', () => {
  // MATTER_CHOICES + 10 matters: staff see too many to list, the client its ten.
  let big: Awaited<ReturnType<typeof openScaleApp>>;
  beforeAll(async () => {
    big = await openScaleApp(await seedScale({ matters: MATTER_CHOICES + 10, documentsPerMatter: 1, deadlinesPerDocument: 2, dir }));
  }, 300_000);
  afterAll(async () => big?.close());
  const matterOptions = (html: string) => [...(/<select id="f-matter"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="(\d*)"/g)].map((m) => m[1]);

  it('lists the matters on the page and the one chosen, not every matter, and says so', async () => {
    const page = await big.get('/deadlines?withinDays=', 'paralegal');
    expect(page.status).toBe(200);
    const options = matterOptions(page.html);
    expect(options[0]).toBe(''); // all matters
    expect(options.length).toBeGreaterThan(1);
    expect(options.length).toBeLessThanOrEqual(26);
    expect(page.html).toContain('Lists the matters on this page');
    // Every matter offered has a deadline in the list (its link is on the page).
    for (const id of options.slice(1)) expect(page.html).toContain(`href="/matters/${id}"`);
    const chosen = await big.get('/deadlines?withinDays=&matterId=150', 'paralegal');
    expect(chosen.html).toMatch(/<option value="150" selected/);
  });

  it('still lists every matter of a client with fewer', async () => {
    const page = await big.get('/deadlines?withinDays=', 'client');
    expect(page.status).toBe(200);
    expect(matterOptions(page.html).slice(1).sort((a, b) => Number(a) - Number(b))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(page.html).not.toContain('Lists the matters on this page');
  });
});
