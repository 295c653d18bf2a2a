/**
 * Config reference tables from the JSON Schema of a stack file's `config:` map (see
 * `stackFileSchema.ts`): one row per key, with its full key path, type, default and description.
 * Pure functions, so that `npm run docs` and the test that checks the pages render alike.
 */
import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";

/** The part of JSON Schema that zod's `z.toJSONSchema` produces for the config. */
export interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: readonly JsonSchema[];
}

/** One key of the reference. */
export interface ConfigRow {
  /** The full key, e.g. `mlops-iam:mlflow.accessPolicies[].level`. */
  readonly key: string;
  readonly type: string;
  /** `required`, `none`, or the default as YAML. */
  readonly default: string;
  readonly description: string;
}

export interface RowOptions {
  /**
   * Keys documented on another page: such a key gets one row, linking there, instead of a row for
   * each of its keys. Maps the key to the link (a relative path, from the page being rendered).
   */
  readonly linked?: ReadonlyMap<string, string>;
}

/**
 * The rows under `root` of the stack file's `config` schema: `mlops-iam` (a namespace) for every
 * `mlops-iam:*` key, `mlops-iam:mlflow` for the keys of that section. Siblings with the same schema
 * and description share a row (`stepRoles.{training,processing}`). Throws when a key has no
 * description, since a row without one documents nothing.
 */
export function configRows(config: JsonSchema, root: string, options: RowOptions = {}): ConfigRow[] {
  const rows: ConfigRow[] = [];
  const visit = (schema: JsonSchema, key: string, required: boolean): void => {
    const link = options.linked?.get(key);
    const children = link === undefined ? childrenOf(schema, key) : [];
    rows.push(rowOf(schema, key, required, link));
    for (const child of children) visit(child.schema, child.key, child.required);
  };
  const start = root.includes(":") ? find(config, root) : undefined;
  const top = start
    ? childrenOf(start, root)
    : childrenOf(config, "").filter((child) => child.key.startsWith(`${root}:`));
  if (top.length === 0) throw new Error(`no config keys under ${root}`);
  for (const child of top) visit(child.schema, child.key, child.required);
  return rows;
}

/** Every key under `root`, each of its keys included however it would be linked: to check coverage. */
export function allConfigKeys(config: JsonSchema, root: string): string[] {
  return configRows(config, root).map((row) => row.key);
}

/**
 * A Markdown table of the rows, its columns padded as Prettier pads them, so that the generated
 * pages pass `prettier --check` unchanged.
 */
export function configTable(rows: readonly ConfigRow[]): string {
  const cells = [
    ["key", "type", "default", "description"],
    ...rows.map((row) => [code(row.key), row.type, row.default, row.description].map(cell)),
  ];
  const widths = cells[0].map((_, column) => Math.max(3, ...cells.map((line) => width(line[column]))));
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value + " ".repeat(widths[column] - width(value))).join(" | ")} |`;
  const [header, ...body] = cells;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/**
 * Below a table whose rows link to other pages: one line per linked key listing its own keys, so the
 * index names every key without widening the table's columns to the longest list.
 */
export function linkedKeyList(
  config: JsonSchema,
  rows: readonly ConfigRow[],
  linked: ReadonlyMap<string, string>,
): string {
  const lines = rows
    .filter((row) => linked.has(row.key))
    .map((row) => {
      const keys = Object.keys(find(config, row.key)?.properties ?? {}).map(code);
      return `- [${code(row.key)}](${linked.get(row.key)}): ${keys.join(", ")}`;
    });
  return lines.length > 0 ? `\n\n${lines.join("\n")}` : "";
}

interface Child {
  readonly key: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
}

/** The keys directly under a schema: an object's properties, or those of a list's items (`key[]`). */
function childrenOf(schema: JsonSchema, key: string): Child[] {
  const join = (name: string) => (key === "" ? name : `${key}.${name}`);
  if (schema.type === "array" && schema.items?.properties) return childrenOf(schema.items, `${key}[]`);
  const properties = Object.entries(schema.properties ?? {});
  const children: { names: string[]; schema: JsonSchema; required: boolean }[] = [];
  for (const [name, child] of properties) {
    const required = schema.required?.includes(name) ?? false;
    const same = children.find((c) => c.required === required && isDeepStrictEqual(c.schema, child));
    if (same) same.names.push(name);
    else children.push({ names: [name], schema: child, required });
  }
  return children.map((child) => ({
    key: join(child.names.length === 1 ? child.names[0] : `{${child.names.join(",")}}`),
    schema: child.schema,
    required: child.required,
  }));
}

/** The schema of a key such as `mlops-iam:mlflow.apps`. */
function find(config: JsonSchema, key: string): JsonSchema | undefined {
  const [top, ...rest] = key.split(".");
  let schema = config.properties?.[top];
  for (const name of rest) {
    schema = name.endsWith("[]")
      ? schema?.properties?.[name.slice(0, -2)]?.items
      : schema?.properties?.[name];
  }
  return schema;
}

function rowOf(schema: JsonSchema, key: string, required: boolean, link?: string): ConfigRow {
  if (!schema.description) {
    throw new Error(`${key} has no description: describe it in its zod schema (.describe("..."))`);
  }
  const description = link
    ? `${schema.description} See [${link.replace(/^(\.\.\/)+/, "")}](${link}).`
    : schema.description;
  return { key, type: typeOf(schema), default: defaultOf(schema, required), description };
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return oneOf(schema.enum);
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  switch (schema.type) {
    case "array":
      return `list of ${schema.items ? plural(schema.items) : "values"}`;
    case "object":
      if (!schema.properties && typeof schema.additionalProperties === "object") {
        return `map of string to ${typeOf(schema.additionalProperties)}`;
      }
      return "object";
    case "integer":
    case "number":
      return schema.minimum !== undefined && schema.maximum !== undefined
        ? `${schema.type}, ${schema.minimum}-${schema.maximum}`
        : schema.type;
    case undefined:
      return "any";
    default:
      return schema.type;
  }
}

function plural(items: JsonSchema): string {
  if (items.enum) return oneOf(items.enum);
  return items.type === "object" || items.type === "string" || items.type === "integer"
    ? `${items.type}s`
    : typeOf(items);
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((value) => code(String(value)));
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (required) return "required";
  if (schema.default === undefined) return "none";
  // An object whose default is just its keys' defaults: writing `{}` gives the same.
  const value = isDeepStrictEqual(schema.default, keyDefaults(schema)) ? {} : schema.default;
  return code(stringify(value, { collectionStyle: "flow" }).trim());
}

function keyDefaults(schema: JsonSchema): Record<string, unknown> | undefined {
  if (!schema.properties) return undefined;
  const entries = Object.entries(schema.properties).filter(([, child]) => child.default !== undefined);
  return Object.fromEntries(entries.map(([name, child]) => [name, child.default]));
}

function code(text: string): string {
  return `\`${text}\``;
}

/** A table cell: pipes escaped, on one line. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** Width as Prettier measures it for the characters these tables use (one column per code point). */
function width(text: string): number {
  return Array.from(text).length;
}
