import { createRoute, z } from '@hono/zod-openapi';
import { RULES } from '../services/compliance/rules/index.ts';
import { RULE_SET_VERSION } from '../services/compliance/run-checks.ts';
import { requireUser } from '../http/auth-guard.ts';
import { errors, jsonResponse, newRouter, roles } from './router.ts';

const RuleInfo = z.object({ id: z.string(), title: z.string(), severity: z.string(), kinds: z.array(z.string()), citations: z.array(z.string()), examines: z.array(z.string()) });

export const ruleRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Every compliance rule with its citations',
    ...roles('admin', 'attorney', 'paralegal', 'client'),
    responses: { 200: jsonResponse(z.object({ ruleSetVersion: z.string(), rules: z.array(RuleInfo) }), 'Rules'), ...errors(401) },
  }),
  (c) => {
    requireUser(c);
    const rules = RULES.map((r) => ({ id: r.id, title: r.title, severity: r.severity, kinds: [...r.kinds], citations: r.citations, examines: r.examines }));
    return c.json({ ruleSetVersion: RULE_SET_VERSION, rules }, 200);
  },
);
