/**
 * Questionnaire metadata carried on an answer field: the group (fieldset) it belongs to and
 * help text. Stored as OpenAPI specification extensions so the same JSON Schema is valid in
 * /api/openapi.json and drives the UI's form.
 */
export function q(group: string, help?: string): Record<string, string> {
  return help ? { 'x-group': group, 'x-help': help } : { 'x-group': group };
}
