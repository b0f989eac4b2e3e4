import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import type { FieldProblem } from '../errors.ts';
import { plainMessage, schemaLabel, type LabelSchema, type Labeler } from './messages.ts';

/**
 * The API's validation details in words (issue 21): each refused field keeps its machine
 * fields (`path`, `issue`) and gets the label its schema describes it by and a `message` that
 * is a sentence with that label — the same words the pages show (messages.ts).
 */
export function labelProblems(problems: FieldProblem[], label: Labeler): FieldProblem[] {
  return problems.map((p) => {
    const sentence = plainMessage(p.message);
    if (p.path === '(body)' || p.path === '') return { ...p, message: sentence };
    const named = label(p.path);
    return { ...p, label: named, message: `${named}: ${sentence}` };
  });
}

const described = new WeakMap<object, LabelSchema | null>();

/** The schema's descriptions as JSON Schema, made once per schema and only when a request fails. */
function labelSchemaOf(schema: unknown): LabelSchema | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  if (!described.has(schema)) {
    let json: LabelSchema | null = null;
    try {
      json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as LabelSchema;
    } catch {
      json = null; // a schema JSON Schema cannot express: the paths' own words are the labels
    }
    described.set(schema, json);
  }
  return described.get(schema) ?? undefined;
}

/** Labels from one zod schema's descriptions (e.g. a document kind's answers). */
export function labelerOfSchema(schema: unknown): Labeler {
  const json = labelSchemaOf(schema);
  return (path) => schemaLabel(json, path);
}

/** Labels for the part of a request (`json`, `query`, `param`, `form`) a route's schema validated. */
export function labelerFor(route: RouteConfig | undefined, target: string): Labeler {
  const request = route?.request;
  const content = request?.body?.content as Record<string, { schema?: unknown }> | undefined;
  const schema =
    target === 'json' ? content?.['application/json']?.schema
    : target === 'form' ? (content?.['multipart/form-data'] ?? content?.['application/x-www-form-urlencoded'])?.schema
    : target === 'query' ? request?.query
    : target === 'param' ? request?.params
    : undefined;
  return labelerOfSchema(schema);
}
