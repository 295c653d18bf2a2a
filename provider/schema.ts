/**
 * The package schema Pulumi generates for the components, through the analyzer that ships in
 * `@pulumi/pulumi` (the same code `pulumi package add` runs), for tests and for a look by hand:
 *   npx ts-node provider/schema.ts [ComponentName ...]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Analyzer, AnalyzeResult } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";

/** Analyzes the named components (all exported ones by default); throws what the analyzer rejects. */
export function analyzeComponents(names: readonly string[]): AnalyzeResult {
  const packageJson = JSON.parse(readFileSync(join(__dirname, "package.json"), "utf8"));
  return new Analyzer(__dirname, "mlops-iam", packageJson, new Set(names)).analyze();
}

/** The package schema as `pulumi package get-schema` would print it. */
export function packageSchema(names: readonly string[]) {
  const packageJson = JSON.parse(readFileSync(join(__dirname, "package.json"), "utf8"));
  const { components, typeDefinitions, dependencies } = analyzeComponents(names);
  return generateSchema(
    "mlops-iam",
    packageJson.version,
    packageJson.description,
    components,
    typeDefinitions,
    dependencies,
  );
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const all = (require("./index") as { components: { name: string }[] }).components.map((c) => c.name);
  const names = process.argv.length > 2 ? process.argv.slice(2) : all;
  console.log(JSON.stringify(packageSchema(names), null, 2));
}
