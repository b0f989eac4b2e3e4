/**
 * The pages' plain-language messages: the one place that turns validation results into sentences
 * lives in server/http/messages.ts, so the API's error details read the same as the pages.
 */
export * from '../server/http/messages.ts';
