import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.ts';
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

/** The zod schema a route declares for one part of a request (`json`, `form`, `query`, `param`). */
function schemaOfPart(route: RouteConfig | undefined, target: string): unknown {
  const request = route?.request;
  const content = request?.body?.content as Record<string, { schema?: unknown }> | undefined;
  return target === 'json' ? content?.['application/json']?.schema
    : target === 'form' ? (content?.['multipart/form-data'] ?? content?.['application/x-www-form-urlencoded'])?.schema
    : target === 'query' ? request?.query
    : target === 'param' ? request?.params
    : undefined;
}

/** Labels for the part of a request (`json`, `query`, `param`, `form`) a route's schema validated. */
export function labelerFor(route: RouteConfig | undefined, target: string): Labeler {
  return labelerOfSchema(schemaOfPart(route, target));
}

/**
 * Labels for a field a service refused after validation (a duplicate e-mail, a date signed in the
 * future): from whichever of the route's schemas — body, query, path — has the field.
 */
export function labelerOfRoute(route: RouteConfig | undefined): Labeler {
  const parts = ['json', 'form', 'query', 'param'].map((target) => labelSchemaOf(schemaOfPart(route, target))).filter((s): s is LabelSchema => s !== undefined);
  return (path) => schemaLabel(parts.find((s) => s.properties?.[path.split('.')[0]!]) ?? parts[0], path);
}

/**
 * A service's refusal with field problems (AppError details.fields: path, issue, message), given
 * the same labels and sentences as a validation failure; problems already labelled (a document's
 * answers, labelled by its questionnaire) and paths into reference files ("file:path") keep theirs.
 */
export function labelServiceError(error: unknown, label: Labeler): unknown {
  if (!(error instanceof AppError) || !Array.isArray(error.details?.fields)) return error;
  const fields = error.details.fields as unknown[];
  const unlabelled = (f: unknown): f is FieldProblem => typeof f === 'object' && f !== null && typeof (f as FieldProblem).path === 'string' && typeof (f as FieldProblem).message === 'string' && (f as FieldProblem).label === undefined && !(f as FieldProblem).path.includes(':');
  if (!fields.some(unlabelled)) return error;
  const labelled = fields.map((f) => (unlabelled(f) ? labelProblems([f], label)[0] : f));
  return new AppError(error.code, error.message, { ...error.details, fields: labelled }, error.headers);
}
