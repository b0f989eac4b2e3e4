#!/usr/bin/env node
// node-sqlite3 runs queries on libuv's thread pool; waiting writers starve a pool of 4
// (../shared/reference/reliability-security.md §2.8). Must be set before the pool starts.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { register } = await import('tsx/esm/api');
register();
await import('../cli.ts');
