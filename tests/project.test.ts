import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { stackConfigSchema } from "../components/stack";
import { parseConfig } from "./support/config";

const project = parse(readFileSync(join(__dirname, "..", "Pulumi.yaml"), "utf8")) as {
  name: string;
  runtime: { name: string; options: { typescript: boolean } };
  config: Record<string, { type: string; description?: string; default?: unknown }>;
};

describe("Pulumi.yaml", () => {
  it("names the project mlops-iam and runs TypeScript on Node.js", () => {
    assert.equal(project.name, "mlops-iam");
    assert.equal(project.runtime.name, "nodejs");
    assert.equal(project.runtime.options.typescript, true);
  });

  it("declares config only with the types Pulumi's project schema accepts", () => {
    for (const [key, declaration] of Object.entries(project.config)) {
      assert.ok(
        ["string", "integer", "boolean", "array"].includes(declaration.type),
        `${key}: ${declaration.type}`,
      );
      assert.ok(declaration.description, `${key} has a description`);
    }
  });

  it("declares only keys the program knows, with the program's own defaults", () => {
    const known = Object.keys(stackConfigSchema.shape);
    const defaults = parseConfig({ namePrefix: "x" }) as unknown as Record<string, unknown>;
    for (const [key, declaration] of Object.entries(project.config)) {
      const name = key.replace(/^mlops-iam:/, "");
      assert.ok(known.includes(name), `${key} is a key of the config schema`);
      if ("default" in declaration) assert.deepEqual(declaration.default, defaults[name], `${key} default`);
    }
  });
});
