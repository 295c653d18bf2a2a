/** Rules every part of the stack config follows: S3 bucket names, and strict objects at every depth. */
import { strict as assert } from "node:assert";
import { z } from "../config/zod";
import { stackConfigSchema } from "../components/stack";
import { configProblems, parseConfig } from "./support/config";

const withBucket = (name: string) => ({
  namePrefix: "x",
  mlflow: { trackingServers: ["s"], artifactBuckets: [name] },
});

describe("S3 bucket names", () => {
  const key = "mlops-iam:mlflow.artifactBuckets[0]: expected ";
  const invalid: [name: string, rule: string][] = [
    ["a..b", "without two adjacent periods"],
    ["xn--foo", "does not start with xn--"],
    ["sthree-bucket", "does not start with sthree-"],
    ["amzn-s3-demo-bucket", "does not start with amzn-s3-demo-"],
    ["bucket-", "begins and ends with a letter or digit"],
    ["-bucket", "begins and ends with a letter or digit"],
    ["Bucket", "only lower-case letters, digits, dots and hyphens"],
    ["my_bucket", "only lower-case letters, digits, dots and hyphens"],
    ["ab", "3-63 characters (this one has 2)"],
    ["a".repeat(64), "3-63 characters (this one has 64)"],
    ["192.168.1.1", "not formatted as an IP address"],
    ["foo-s3alias", "does not end with -s3alias"],
    ["foo--ol-s3", "does not end with --ol-s3"],
    ["foo.mrap", "does not end with .mrap"],
    ["foo--x-s3", "does not end with --x-s3"],
    ["foo--table-s3", "does not end with --table-s3"],
    ["s3://acme/x", "the bare bucket name (without s3:// or arn:), i.e. acme"],
    ["arn:aws:s3:::acme", "the bare bucket name (without s3:// or arn:), i.e. acme"],
  ];
  for (const [name, rule] of invalid) {
    it(`rejects ${JSON.stringify(name.length > 20 ? `${name.slice(0, 17)}...` : name)}: ${rule}`, () => {
      const problems = configProblems(withBucket(name));
      for (const problem of problems) assert.ok(problem.startsWith(key), problem);
      assert.ok(
        problems.some((problem) => problem.includes(rule)),
        `no problem says "${rule}":\n${problems.join("\n")}`,
      );
    });
  }

  it("reports every rule a name breaks, each on its own line", () => {
    assert.deepEqual(configProblems(withBucket("-A..b")), [
      `${key}an S3 bucket name of only lower-case letters, digits, dots and hyphens, got "-A..b"`,
      `${key}an S3 bucket name that begins and ends with a letter or digit, got "-A..b"`,
      `${key}an S3 bucket name without two adjacent periods (..), got "-A..b"`,
    ]);
  });

  for (const name of [
    "acme-mlflow-artifacts-dev",
    "my.bucket.name",
    "abc",
    "a".repeat(63),
    "1bucket9",
    "192.168.1.1.example",
    "xn-foo",
    "foo-s3alias-logs",
  ]) {
    it(`accepts ${JSON.stringify(name)}`, () => {
      assert.deepEqual(parseConfig(withBucket(name)).mlflow?.artifactBuckets, [name]);
    });
  }
});

type AnySchema = z.core.$ZodType;

interface WalkedDef {
  type: string;
  shape?: Record<string, AnySchema>;
  catchall?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: readonly AnySchema[];
  left?: AnySchema;
  right?: AnySchema;
  items?: readonly AnySchema[];
  rest?: AnySchema | null;
  getter?: () => AnySchema;
}

/**
 * The paths of the object schemas that are not strict (an unknown key would be ignored instead of
 * reported), at any depth: through wrappers (optional, default, pipe...), arrays, records' values,
 * unions, intersections, tuples and object shapes.
 */
function nonStrictObjects(schema: AnySchema, path = "", seen = new Set<AnySchema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as WalkedDef;
  const walk = (child: AnySchema | null | undefined, at: string) =>
    child ? nonStrictObjects(child, at, seen) : [];
  switch (def.type) {
    case "object": {
      // z.strictObject sets catchall to a `never` schema; z.object leaves it out, z.looseObject uses `unknown`.
      const strict = def.catchall?._zod.def.type === "never";
      return [
        ...(strict ? [] : [path || "(root)"]),
        ...Object.entries(def.shape ?? {}).flatMap(([key, child]) =>
          walk(child, path ? `${path}.${key}` : key),
        ),
      ];
    }
    case "array":
      return walk(def.element, `${path}[]`);
    case "record":
      return walk(def.valueType, `${path}.<key>`);
    case "pipe":
      return [...walk(def.in, path), ...walk(def.out, path)];
    case "union":
      return (def.options ?? []).flatMap((option, index) => walk(option, `${path}<option ${index}>`));
    case "intersection":
      return [...walk(def.left, path), ...walk(def.right, path)];
    case "tuple":
      return [
        ...(def.items ?? []).flatMap((item, index) => walk(item, `${path}[${index}]`)),
        ...walk(def.rest, `${path}[]`),
      ];
    case "lazy":
      return walk(def.getter?.(), path);
    default:
      // optional, default, prefault, nullable, readonly, catch, nonoptional...: one inner schema.
      return walk(def.innerType, path);
  }
}

describe("stack config schema", () => {
  it("finds non-strict objects at any depth (checks the walker itself)", () => {
    const schema = z.strictObject({
      a: z.strictObject({ b: z.object({ c: z.string() }).optional() }).default({}),
      list: z.array(z.looseObject({})),
      map: z.record(z.string(), z.object({})).transform((map) => map),
      either: z.union([z.string(), z.object({})]),
    });
    assert.deepEqual(nonStrictObjects(schema), ["a.b", "list[]", "map.<key>", "either<option 1>"]);
  });

  it("has only strict objects, so that every unknown key is reported", () => {
    assert.deepEqual(nonStrictObjects(stackConfigSchema), []);
  });
});
