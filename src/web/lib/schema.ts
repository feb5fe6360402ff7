/**
 * Read a rule's options JSON Schema (TypeBox output) into flat fields a page can render:
 * name, type, description, allowed values, bounds and default.
 */
import type { JsonSchema } from '../api/types';

export interface SchemaField {
  name: string;
  type: string;
  description?: string;
  required: boolean;
  values?: string[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '是/否',
  object: '对象',
  array: '列表',
};

export function typeName(schema: JsonSchema): string {
  if (schema.enum) return '选项';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map(typeName).join(' 或 ');
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.includes('array') && schema.items) return `${typeName(schema.items)}列表`;
  return type.map((t) => TYPE_NAMES[t] ?? t).join(' 或 ') || '任意';
}

function enumValues(schema: JsonSchema): string[] | undefined {
  if (schema.enum) return schema.enum.map(String);
  if (schema.anyOf && schema.anyOf.every((s) => s.const !== undefined)) return schema.anyOf.map((s) => String(s.const));
  return undefined;
}

export function schemaFields(schema: JsonSchema | undefined): SchemaField[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, prop]) => {
    const values = enumValues(prop);
    return {
      name,
      type: values ? '选项' : typeName(prop),
      required: required.has(name),
      ...(prop.description ? { description: prop.description } : {}),
      ...(values ? { values } : {}),
      ...(prop.minimum !== undefined ? { minimum: prop.minimum } : {}),
      ...(prop.maximum !== undefined ? { maximum: prop.maximum } : {}),
      ...(prop.default !== undefined ? { default: prop.default } : {}),
    };
  });
}
