// Worker threads start without the parent's TypeScript loader on Node 20, so each render
// worker registers tsx itself before loading the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
