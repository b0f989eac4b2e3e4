import type { z } from 'zod';

/** The zod types this walk looks inside: objects (shape) and wrappers (optional, default, nullable). */
interface Walkable {
  description?: string;
  shape?: Record<string, Walkable>;
  unwrap?: () => Walkable;
  def?: { innerType?: Walkable };
}

function unwrapped(schema: Walkable | undefined): Walkable | undefined {
  let s = schema;
  for (let i = 0; s && !s.shape && i < 5; i++) s = s.unwrap?.() ?? s.def?.innerType;
  return s;
}

/**
 * An answer's label as the questionnaire shows it ("MSO signatory › Name"), from the schema's
 * descriptions, so pages never show internal keys ("msoSignatory.name"). A key without a
 * description falls back to words ("monthlyFee" → "monthly fee").
 */
export function answerLabel(schema: z.ZodType, path: string): string {
  let node: Walkable | undefined = schema as unknown as Walkable;
  const labels: string[] = [];
  for (const key of path.split('.')) {
    const field: Walkable | undefined = unwrapped(node)?.shape?.[key];
    labels.push(field?.description ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
    node = field;
  }
  return labels.join(' › ');
}
