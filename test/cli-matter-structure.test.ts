import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliBundle } from './helpers/bundle.ts';

/** `clausewright check --matter m.json` reads the MSO's owners and the practice type (issue 23). */
const BIN = cliBundle();
const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/deals/msa-tx-med-spa-physician-equity/input.json', import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'cw-cli-structure-'));

async function check(matter: unknown): Promise<{ code: number; stdout: string; stderr: string }> {
  const answers = join(dir, 'answers.json');
  const matterFile = join(dir, 'matter.json');
  writeFileSync(answers, JSON.stringify(FIXTURE.answers));
  writeFileSync(matterFile, JSON.stringify(matter));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'check', '--kind', 'msa', '--answers', answers, '--matter', matterFile, '--json'], { env: { ...process.env, CLAUSEWRIGHT_DB: join(dir, 'cli.db') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

describe('clausewright check with a matter file', () => {
  it('reports the referral-tied distributions (error, exit 1) and the med-spa row from the matter file', async () => {
    const r = await check(FIXTURE.matter);
    expect(r.code).toBe(1);
    const ids = JSON.parse(r.stdout).map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('mso-equity.distributions-tied-to-referrals');
    expect(ids).toContain('practice.med-spa-ownership');
  });
  it('refuses an unknown practice type naming the field (exit 2)', async () => {
    const r = await check({ ...FIXTURE.matter, practiceType: 'dental' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('matter.practiceType');
  });
});
