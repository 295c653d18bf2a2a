import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { registrationsSettled } from "../offline/mocks";
import { mocks } from "./support/setup";
import { readStackFile } from "../offline/plan";

const programPath = join(__dirname, "..", "index.ts");

/** Runs `index.ts` as Pulumi would, with a stack file's config as the engine passes it. */
async function runProgram(config: Record<string, unknown>): Promise<Record<string, unknown>> {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => [
        key,
        typeof value === "string" ? value : JSON.stringify(value),
      ]),
    ),
  );
  mocks.reset();
  delete require.cache[require.resolve(programPath)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(programPath) as Promise<Record<string, unknown>>;
  try {
    return await exported;
  } finally {
    pulumi.runtime.setAllConfig({});
  }
}

describe("the Pulumi program (index.ts)", () => {
  it("reads the engine's config, builds the stack and exports each section's outputs", async () => {
    const outputs = await runProgram(readStackFile(join(__dirname, ".."), "dev"));
    await registrationsSettled();
    assert.deepEqual(Object.keys(outputs).sort(), ["databricks", "deployer", "mlflow", "pipelines"]);
    const roles = mocks.registered.filter((resource) => resource.type === "aws:iam/role:Role");
    assert.ok(roles.some((role) => role.inputs.name === "acme-dev-pipeline-exec"));
  });

  it("fails with a clean RunError naming the key, and registers nothing, on invalid config", async () => {
    const config = { ...readStackFile(join(__dirname, ".."), "dev"), "mlops-iam:rolePath": "ml-platform" };
    await assert.rejects(runProgram(config), (error: Error) => {
      assert.ok(pulumi.RunError.isInstance(error), `a RunError, got ${error.name}`);
      assert.match(error.message, /mlops-iam:rolePath: expected a path that starts and ends with \//);
      return true;
    });
    await registrationsSettled();
    assert.deepEqual(mocks.registered, []);
  });
});
