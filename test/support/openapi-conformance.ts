/**
 * A small, strict check of a JSON value against a schema of the OpenAPI 3.0 document: types,
 * formats of dates and uuids, enums, required and nullable properties, and no property the
 * schema does not declare (an undeclared field is a contract the web app cannot see).
 */
type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
};
type Document = { components: { schemas: Record<string, Schema> } };

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

function resolve(document: Document, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) throw new Error(`Unknown schema ${schema.$ref}`);
    return resolve(document, target);
  }
  if (schema.allOf?.length === 1) {
    const inner = resolve(document, schema.allOf[0]);
    return { ...inner, nullable: schema.nullable || inner.nullable };
  }
  return schema;
}

export function conformanceProblems(
  document: Document,
  schemaOrName: Schema | string,
  value: unknown,
  at = '$',
): string[] {
  const schema = resolve(
    document,
    typeof schemaOrName === 'string'
      ? { $ref: `#/components/schemas/${schemaOrName}` }
      : schemaOrName,
  );
  if (value === null)
    return schema.nullable ? [] : [`${at}: null where the schema is not nullable`];
  const problems: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (typeof value !== 'string')
        return [`${at}: expected a string, got ${JSON.stringify(value)}`];
      if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format].test(value)) {
        problems.push(`${at}: ${JSON.stringify(value)} is not a ${schema.format}`);
      }
      break;
    case 'integer':
      if (!Number.isInteger(value))
        return [`${at}: expected an integer, got ${JSON.stringify(value)}`];
      break;
    case 'number':
      if (typeof value !== 'number')
        return [`${at}: expected a number, got ${JSON.stringify(value)}`];
      break;
    case 'boolean':
      if (typeof value !== 'boolean')
        return [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
      break;
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      value.forEach((item, i) =>
        problems.push(...conformanceProblems(document, schema.items ?? {}, item, `${at}[${i}]`)),
      );
      break;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      for (const name of schema.required ?? []) {
        if (!(name in record)) problems.push(`${at}.${name}: required but absent`);
      }
      for (const [name, item] of Object.entries(record)) {
        const declared = properties[name];
        if (declared) {
          if (item === undefined) continue;
          problems.push(...conformanceProblems(document, declared, item, `${at}.${name}`));
        } else if (
          schema.additionalProperties === undefined ||
          schema.additionalProperties === false
        ) {
          problems.push(`${at}.${name}: not declared in the schema`);
        } else if (typeof schema.additionalProperties === 'object') {
          problems.push(
            ...conformanceProblems(document, schema.additionalProperties, item, `${at}.${name}`),
          );
        }
      }
      break;
    }
  }
  return problems;
}
