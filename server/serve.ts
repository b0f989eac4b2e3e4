/**
 * The server's entry point: `npm start` runs its bundle (build/server.mjs) and `npm run dev` runs
 * it with tsx. Kept apart from main.ts so importing main.ts (the command line, the tests) never
 * starts a server as a side effect — a bundle of the command line would otherwise start one.
 */
import { StartupError, startServer } from './main.ts';

const running = await startServer().catch((error: unknown) => {
  process.stderr.write(`${error instanceof StartupError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close().then(() => process.exit(0)));
