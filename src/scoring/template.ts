/**
 * Scoring templates (评分模板): dimensions with points; items deduct (扣分制) or add (加分制)
 * points per finding, with caps; fatal items (致命项) set the conversation to 0; a pass mark.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

export const ScoringItemSchema = Type.Object(
  {
    ruleId: Type.String({ minLength: 1 }),
    /** Points per finding: deducted in a `deduct` dimension, added in an `add` dimension. */
    points: Type.Number({ minimum: 0 }),
    /** At most this many points from this item (default: the dimension's points). */
    cap: Type.Optional(Type.Number({ minimum: 0 })),
    /** Any finding of this rule makes the whole conversation score 0. */
    fatal: Type.Optional(Type.Boolean()),
    /** Count only findings of this severity and above (`warn` counts both). */
    minSeverity: Type.Optional(Type.Union([Type.Literal('warn'), Type.Literal('error')])),
  },
  { additionalProperties: false },
);

export const ScoringDimensionSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    points: Type.Number({ exclusiveMinimum: 0 }),
    mode: Type.Optional(Type.Union([Type.Literal('deduct'), Type.Literal('add')])),
    items: Type.Array(ScoringItemSchema),
  },
  { additionalProperties: false },
);

export const ScoringTemplateSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    passMark: Type.Number({ minimum: 0, maximum: 100 }),
    dimensions: Type.Array(ScoringDimensionSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type ScoringItem = Static<typeof ScoringItemSchema>;
export type ScoringDimension = Static<typeof ScoringDimensionSchema>;
export type ScoringTemplate = Static<typeof ScoringTemplateSchema>;

/** Validate a template from config; errors name the offending path. */
export function validateTemplate(value: unknown, where: string): ScoringTemplate {
  if (!Value.Check(ScoringTemplateSchema, value)) {
    const errors = [...Value.Errors(ScoringTemplateSchema, value)].slice(0, 5);
    throw new Error(`${where}: invalid scoring template: ${errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
  }
  const ids = new Set<string>();
  for (const d of value.dimensions) {
    if (ids.has(d.id)) throw new Error(`${where}: duplicate scoring dimension '${d.id}'`);
    ids.add(d.id);
  }
  return value;
}
