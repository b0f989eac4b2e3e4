import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
