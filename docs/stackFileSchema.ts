/**
 * The JSON Schema of a whole `Pulumi.<stack>.yaml`, generated from the program's own zod schema, so
 * that editors check a stack file as it is written and the documentation cannot disagree with the
 * program. It describes what a user writes (`io: "input"`: keys with defaults may be omitted).
 */
import { z } from "../config/zod";
import { stackConfigSchema } from "../components/stack";
import { projectName } from "../config/read";
import { JsonSchema } from "./reference";

/** Where the schema is committed, relative to the repository root (and so to each stack file). */
export const stackFileSchemaPath = "schema/stack-config.schema.json";

/** The comment that makes YAML editors (yaml-language-server) check a stack file against the schema. */
export const schemaComment = `# yaml-language-server: $schema=./${stackFileSchemaPath}`;

/** Pulumi's encrypted form of a `pulumi config set --secret` value in a stack file. */
const secureValue = z
  .strictObject({ secure: z.string().describe("The ciphertext.") })
  .describe("A secret, as `pulumi config set --secret` writes it.");

/**
 * Keys of other namespaces that this program or its offline plan reads. Every other key outside
 * `mlops-iam:` is allowed unchecked: it belongs to a provider, not to us.
 */
const providerKeysSchema = z.object({
  "aws:region": z.string().optional().describe("The stack's AWS region; the offline plan renders its ARNs."),
  "aws:allowedAccountIds": z
    .array(z.string().regex(/^\d{12}$/))
    .optional()
    .describe(
      'The accounts the AWS provider accepts credentials of, as quoted strings (`["210987654321"]`: an ' +
        "unquoted 12-digit number is read as a number); the offline plan renders the ARNs of the one listed.",
    ),
  "databricks:host": z
    .string()
    .optional()
    .describe("The workspace URL; read only while `mlops-iam:databricks.registerInWorkspace` is true."),
  "databricks:token": z
    .union([z.string(), secureValue])
    .optional()
    .describe(
      "A workspace admin's token, set with `pulumi config set --secret`; read only while " +
        "`mlops-iam:databricks.registerInWorkspace` is true.",
    ),
});

/** The properties of a zod object's JSON Schema, each key prefixed with its namespace. */
function namespaced(
  schema: z.ZodType,
  namespace?: string,
): { properties: Record<string, JsonSchema>; required: string[] } {
  const json = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  const key = (name: string) => (namespace ? `${namespace}:${name}` : name);
  return {
    properties: Object.fromEntries(
      Object.entries(json.properties ?? {}).map(([name, value]) => [key(name), value]),
    ),
    required: (json.required ?? []).map(key),
  };
}

/** The JSON Schema of a stack file: its `config:` map, whose `mlops-iam:*` keys follow the program's schema. */
export function stackFileSchema(): Record<string, unknown> {
  const ours = namespaced(stackConfigSchema, projectName);
  const providers = namespaced(providerKeysSchema);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `Pulumi.<stack>.yaml of ${projectName}`,
    description: `Generated from the program's config schema by \`npm run docs\`; do not edit.`,
    type: "object",
    properties: {
      config: {
        description:
          `The stack's config. Each ${projectName}:* key is checked as the program checks it, unknown ones are errors, ` +
          "and keys of other namespaces are allowed; rules that relate keys are the program's alone (npm run plan).",
        type: "object",
        properties: { ...ours.properties, ...providers.properties },
        required: ours.required,
        patternProperties: { [`^(?!${projectName}:)`]: true },
        additionalProperties: false,
      },
    },
    required: ["config"],
  };
}

/** The schema of the `config:` map alone, as the reference tables read it. */
export function configSchema(fileSchema = stackFileSchema()): JsonSchema {
  return (fileSchema.properties as { config: JsonSchema }).config;
}
