import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { regenerateCommand } from "../docs/pages";
import { schemaComment, stackFileSchema, stackFileSchemaPath } from "../docs/stackFileSchema";

const root = join(__dirname, "..");
const generatedSchema = stackFileSchema();
const committedSchema = JSON.parse(readFileSync(join(root, stackFileSchemaPath), "utf8"));
const stackFiles = readdirSync(root).filter((file) => /^Pulumi\..+\.yaml$/.test(file));

describe("the JSON Schema of stack files", () => {
  // Unoptimized code compiles faster, and these few documents validate in no time either way.
  const validate = new Ajv2020({ allErrors: true, code: { optimize: false } }).compile(committedSchema);
  const errors = () => (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);

  it(`is as ${regenerateCommand} writes it (${stackFileSchemaPath})`, () => {
    assert.deepEqual(
      committedSchema,
      generatedSchema,
      `${stackFileSchemaPath} is stale: run ${regenerateCommand}`,
    );
  });

  for (const file of stackFiles) {
    it(`accepts ${file}, which names it on its first line`, () => {
      const text = readFileSync(join(root, file), "utf8");
      assert.equal(text.split("\n")[0], schemaComment, `${file}'s first line`);
      assert.ok(validate(parse(text)), `${file}: ${errors().join("; ")}`);
    });
  }

  it("rejects what the program rejects: unknown mlops-iam keys, wrong types, missing required keys", () => {
    const stack = parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const broken: { config: Record<string, unknown> } = {
      config: {
        ...stack.config,
        "mlops-iam:namePrefx": "typo",
        "mlops-iam:protect": "yes",
        "aws:allowedAccountIds": [123456789012],
        "mlops-iam:mlflow": {
          trackingServers: ["mlflow-dev"],
          trackingServerRole: { enabled: true, extra: 1 },
        },
      },
    };
    delete broken.config["mlops-iam:namePrefix"];
    assert.equal(validate(broken), false);
    const paths = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`).sort();
    assert.deepEqual(paths, [
      "/config additionalProperties",
      "/config required",
      "/config/aws:allowedAccountIds/0 type",
      "/config/mlops-iam:mlflow/trackingServerRole additionalProperties",
      "/config/mlops-iam:protect type",
    ]);
  });

  it("accepts a secret of another namespace, as pulumi config set --secret writes it", () => {
    const stack = parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const withToken = { config: { ...stack.config, "databricks:token": { secure: "AAABAHc0" } } };
    assert.ok(validate(withToken), errors().join("; "));
  });
});
