import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Permissive licences a runtime dependency may carry. */
const permissive = ["MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD"];

/** Every .ts file of the program (what `pulumi up` loads), not the tests. */
function programFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return programFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("dependencies", () => {
  it("gives every runtime dependency a permissive licence", () => {
    for (const name of Object.keys(manifest.dependencies)) {
      const { license } = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
      assert.ok(permissive.includes(license), `${name} is licensed ${license}`);
    }
  });

  it("keeps the AGPL IAM simulator a test-only dependency that no program file imports", () => {
    assert.ok(!("@cloud-copilot/iam-simulate" in manifest.dependencies));
    assert.ok("@cloud-copilot/iam-simulate" in manifest.devDependencies);
    const program = [
      join(root, "index.ts"),
      ...["iam", "config", "components", "offline", "policy", "provider"].flatMap((dir) =>
        programFiles(join(root, dir)),
      ),
    ];
    assert.ok(program.length > 30);
    for (const file of program) {
      assert.doesNotMatch(readFileSync(file, "utf8"), /iam-simulate/, `${file} imports the simulator`);
    }
  });
});
