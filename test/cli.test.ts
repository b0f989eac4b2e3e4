import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { cliBundle } from './helpers/bundle.ts';

// The installed command itself (tsx) runs the stdin test below; the others run its bundle, which starts in a tenth of the time.
const BIN = new URL('../server/bin/clausewright.mjs', import.meta.url).pathname;
const BUNDLE = cliBundle();
const SAMPLE = new URL('../templates/msa/sample.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cw-cli-'));

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BUNDLE, ...args], { env: { ...process.env, CLAUSEWRIGHT_DB: join(dir, 'cli.db'), ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('clausewright CLI', () => {
  it('assemble writes a .docx and exits 0', async () => {
    const out = join(dir, 'msa.docx');
    const r = await cli(['assemble', '--kind', 'msa', '--answers', SAMPLE, '--out', out]);
    expect(r.code).toBe(0);
    expect(new PizZip(readFileSync(out)).file('word/document.xml')).toBeTruthy();
  });

  it('assemble (no executable gate) labels the file a draft and shows no made-up version or id', async () => {
    const out = join(dir, 'labelled.docx');
    expect((await cli(['assemble', '--kind', 'msa', '--answers', SAMPLE, '--out', out, '--doc-id', 'MSA-2026-014'])).code).toBe(0);
    const zip = new PizZip(readFileSync(out));
    const parts = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n)).map((n) => zip.file(n)!.asText()).join('');
    expect(parts).toContain('Draft — privileged and confidential');
    expect(parts).not.toMatch(/Execution version|CW-CLI|Version CLI/i);
    expect(parts).toContain('Management Services Agreement · Draft · Doc. no. MSA-2026-014');
  });

  it('assemble exits 2 on invalid input, listing every problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(SAMPLE, 'utf8')), effectiveDate: '2025-02-30', monthlyFee: -1 }));
    const r = await cli(['assemble', '--kind', 'msa', '--answers', bad, '--out', join(dir, 'x.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/answers\.effectiveDate/);
    expect(r.stderr).toMatch(/answers\.monthlyFee/);
    expect((await cli(['assemble', '--kind', 'nda', '--answers', SAMPLE, '--out', 'x'])).code).toBe(2);
  });

  it('check prints findings as JSON and exits 0 without errors, 1 with errors', async () => {
    const ok = await cli(['check', '--kind', 'msa', '--answers', SAMPLE, '--json']);
    expect(ok.code).toBe(0);
    const findings = JSON.parse(ok.stdout);
    expect(findings[0]).toMatchObject({ ruleId: 'msa.marketing-government-payers', severity: 'warning' });
    expect(findings[0].citation).toBeTruthy();
    const short = join(dir, 'short.json');
    writeFileSync(short, JSON.stringify({ ...JSON.parse(readFileSync(SAMPLE, 'utf8')), initialTermMonths: 6 }));
    const failing = await cli(['check', '--kind', 'msa', '--answers', short, '--json']);
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.stdout).map((f: { ruleId: string }) => f.ruleId)).toContain('msa.term-at-least-one-year');
  });

  it('user add reads the password from stdin; backup writes a checked copy', async () => {
    const add = await new Promise<number>((resolve) => {
      const child = execFile(process.execPath, [BIN, 'user', 'add', '--email', 'cli@example.test', '--name', 'CLI User', '--role', 'paralegal'], { env: { ...process.env, CLAUSEWRIGHT_DB: join(dir, 'cli.db') } }, (error) => resolve(error ? (error as { code: number }).code : 0));
      child.stdin!.end('a long enough password\n');
    });
    expect(add).toBe(0);
    const backup = await cli(['backup', join(dir, 'backup.db')]);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/integrity: ok/);
  });
});
