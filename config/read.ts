/**
 * Reads a stack's `mlops-iam:*` config, from the Pulumi engine or from a `Pulumi.<stack>.yaml`, and
 * validates it as a whole against a schema. Every problem names the full key, what was expected and
 * what was given.
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "./zod";
import { namespaceFindings, projectName } from "./namespaces";

export { projectName };

/** Invalid stack config: every problem found, each on its own line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** How a config is read besides its values. */
export interface ReadOptions {
  /**
   * Whether the engine marks a full key secret (`pulumi config set --secret`); default: none is.
   * A stack file's secrets (`{ secure: v1:... }`) are recognised by their shape.
   */
  readonly isSecret?: (fullKey: string) => boolean;
}

/** A config read as a whole: every problem and warning, and what parsed. */
export interface ConfigReading<T> {
  /** Errors, each `<key>: expected ..., got ...`. */
  readonly problems: readonly string[];
  /** What is suspicious but allowed (a namespace nobody reads). */
  readonly warnings: readonly string[];
  /** The whole config, when it has no problems. */
  readonly value?: T;
  /** Each top-level key whose value parsed (defaults applied; optional ones may be undefined), even when others did not. */
  readonly parsed: Partial<T>;
}

/**
 * Reads raw config: keys as Pulumi names them (`mlops-iam:namePrefix`), values either as the engine
 * hands them over (structured values as JSON strings) or already parsed (from YAML). Keys of the
 * providers' namespaces are checked against the providers' own keys (config/namespaces.ts). None of
 * the project's keys is a secret: each becomes part of IAM names, ARNs, tags or documents, which IAM
 * shows to anyone who may read them, so a secret one is a problem rather than a value kept secret.
 */
export function readConfig<S extends z.ZodType>(
  schema: S,
  raw: Readonly<Record<string, unknown>>,
  options: ReadOptions = {},
): ConfigReading<z.output<S>> {
  const { problems, warnings } = namespaceFindings(Object.keys(raw));
  // No prototype: a key named `__proto__` is a key like any other (and is reported as unknown).
  const ours: Record<string, unknown> = Object.create(null);
  const failed = new Set<string>();
  // Keys refused before the schema (secrets, undecodable text): the schema would call them missing.
  const refused = new Set<string>();
  for (const [fullKey, value] of Object.entries(raw)) {
    if (!fullKey.startsWith(`${projectName}:`)) continue;
    const key = fullKey.slice(projectName.length + 1);
    const secret = options.isSecret?.(fullKey) ? [] : securePaths(value);
    if (options.isSecret?.(fullKey) || secret.length > 0) {
      const where = secret.length > 0 && secret[0].length > 0 ? configKey([key, ...secret[0]]) : fullKey;
      problems.push(`${where}: ${notSecret}, got a secret`);
      refused.add(key);
      continue;
    }
    const decoded = decodeEngineValue(schema, key, value);
    if (decoded.ok) ours[key] = decoded.value;
    else {
      problems.push(`${fullKey}: expected ${decoded.expected}, got ${show(value)}`);
      refused.add(key);
    }
  }
  const result = schema.safeParse(ours, { reportInput: true });
  if (result.success && problems.length === 0) {
    return { problems, warnings, value: result.data, parsed: result.data as Partial<z.output<S>> };
  }
  for (const key of refused) failed.add(key);
  if (!result.success) {
    const issues = result.error.issues.filter((issue) => !refused.has(String(issue.path[0])));
    problems.push(...issues.flatMap((issue) => describeIssue(schema, issue)));
    for (const issue of issues) if (issue.path.length > 0) failed.add(String(issue.path[0]));
  }
  return { problems, warnings, parsed: parsedKeys(schema, ours, failed) as Partial<z.output<S>> };
}

/** Validates raw config as {@link readConfig} reads it; throws a {@link ConfigError} with every problem. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  raw: Readonly<Record<string, unknown>>,
  options: ReadOptions = {},
): z.output<S> {
  const reading = readConfig(schema, raw, options);
  if (reading.value === undefined || reading.problems.length > 0) throw new ConfigError(reading.problems);
  return reading.value;
}

const notSecret =
  "expected a plain value (no mlops-iam key is a secret: each ends up in IAM names, ARNs, tags or policy documents, which are not secret)";

/** Where a stack file's value holds a secret (`{ secure: "v1:..." }`), as paths below its key. */
function securePaths(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (value === null || typeof value !== "object") return [];
  const entries = Object.entries(value);
  if (
    !Array.isArray(value) &&
    entries.length === 1 &&
    entries[0][0] === "secure" &&
    typeof entries[0][1] === "string"
  ) {
    return [path];
  }
  return entries.flatMap(([key, inner]) =>
    securePaths(inner, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

/** The top-level keys of an object schema that parsed on their own, with their defaults. */
function parsedKeys(schema: AnySchema, ours: Record<string, unknown>, failed: ReadonlySet<string>) {
  const shape = shapeOf(schema) ?? {};
  const parsed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (failed.has(key)) continue;
    const result = (field as z.ZodType).safeParse(ours[key]);
    if (result.success) parsed[key] = result.data;
  }
  return parsed;
}

/** The engine passes structured config (objects, lists, booleans, numbers) as JSON text. */
function decodeEngineValue(
  root: AnySchema,
  key: string,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; expected: string } {
  const schema = schemaAt(root, [key]);
  if (typeof value !== "string" || !schema || kindOf(schema) === "string") return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false, expected: `a ${kindOf(schema)} (structured YAML)` };
  }
}

/** The full config key of a schema path: `mlops-iam:mlflow.accessPolicies[0].level`. */
export function configKey(path: readonly PropertyKey[]): string {
  return path
    .reduce<string>(
      (key, part) =>
        typeof part === "number" ? `${key}[${part}]` : `${key}${key ? "." : ""}${String(part)}`,
      `${projectName}:`,
    )
    .replace(`${projectName}:.`, `${projectName}:`);
}

function describeIssue(root: AnySchema, issue: z.core.$ZodIssue): string[] {
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(shapeOf(schemaAt(root, issue.path)) ?? {});
    return issue.keys.map((unknown) => {
      const nearest = known.length > 0 ? closest(unknown, known) : undefined;
      const hint = nearest && distance(unknown, nearest) <= 3 ? `; did you mean ${nearest}?` : "";
      const expected = known.length > 0 ? `one of ${known.join(", ")}` : "no keys here";
      return `${configKey([...issue.path, unknown])}: unknown key (expected ${expected})${hint}`;
    });
  }
  const input = (issue as { input?: unknown }).input;
  if (issue.code === "invalid_union" && "errors" in issue) {
    // A value that may take several shapes (a name or an object): report the problems of the shape
    // the value has, or, if it has none of them, every shape that was expected.
    const relative = (nested: z.core.$ZodIssue) => ({ ...nested, path: [...issue.path, ...nested.path] });
    const ofItsShape = issue.errors.filter(
      (branch) => !branch.some((nested) => nested.path.length === 0 && nested.code === "invalid_type"),
    );
    if (ofItsShape.length === 1)
      return ofItsShape[0].flatMap((nested) => describeIssue(root, relative(nested)));
    const shapes = issue.errors.map((branch) =>
      branch[0]?.code === "invalid_type"
        ? article(branch[0].expected)
        : (branch[0]?.message ?? "a valid value"),
    );
    return [`${configKey(issue.path)}: expected ${[...new Set(shapes)].join(" or ")}, got ${show(input)}`];
  }
  if (issue.code === "invalid_key") {
    // A map key (e.g. a tag key) failed its own schema: report that schema's expectation.
    return [
      `${configKey(issue.path)}: expected ${issue.issues[0]?.message ?? "a valid key"}, got ${show(input)}`,
    ];
  }
  const expected =
    issue.code === "invalid_type"
      ? `${article(issue.expected)}${input === undefined ? " (this key is required)" : ""}`
      : issue.message.replace(/^(Invalid (input|option)|Too (big|small)): expected /, "");
  return [`${configKey(issue.path)}: expected ${expected}, got ${show(input)}`];
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

type AnySchema = z.core.$ZodType;

/** The schema of a config path, through optional/default wrappers, objects and arrays. */
function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let schema: AnySchema | undefined = root;
  for (const part of path) {
    schema = schema && unwrap(schema);
    if (!schema) return undefined;
    const def = schema._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema };
    // Own keys only: a config key named `constructor` or `__proto__` is not a schema.
    const shape = def.shape;
    schema =
      typeof part === "number"
        ? def.element
        : shape && Object.hasOwn(shape, String(part))
          ? shape[String(part)]
          : undefined;
  }
  return schema && unwrap(schema);
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as {
      type: string;
      innerType?: AnySchema;
      in?: AnySchema;
      options?: AnySchema[];
    };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    // A value of several shapes (a name or an object): its keys are the object's.
    else if (def.type === "union" && def.options?.some((option) => shapeOf(option))) {
      current = def.options.find((option) => shapeOf(option)) as AnySchema;
    } else return current;
  }
}

function kindOf(schema: AnySchema): string {
  const type = (unwrap(schema)._zod.def as { type: string }).type;
  return type === "record" ? "map" : type === "array" ? "list" : type;
}

function shapeOf(schema: AnySchema | undefined): Record<string, AnySchema> | undefined {
  if (!schema) return undefined;
  const def = schema._zod.def as { type: string; shape?: Record<string, AnySchema> };
  return def.type === "union"
    ? undefined
    : (unwrap(schema)._zod.def as { shape?: Record<string, AnySchema> }).shape;
}
