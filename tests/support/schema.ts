/**
 * The component package's schema for tests, memoized in tests/snapshots/package-schema.json.
 *
 * Pulumi's schema analyzer builds a TypeScript program of the components and every declaration they
 * import (3,600 files, most of them `@pulumi/aws`'s): about 7 s, the largest single cost of the suite.
 * Its output is a function of the files it reads, so the snapshot records a hash of them (every
 * project file outside tests/, bench/ and plan/, and package-lock.json, which pins the analyzer, the
 * TypeScript compiler and every SDK's declarations) and is used only while that hash matches.
 * Otherwise the analyzer runs; `UPDATE_SCHEMA_SNAPSHOT=1 npm test` rewrites the snapshot.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { packageSchema } from "../../provider/schema";

const root = join(__dirname, "..", "..");
const snapshotFile = join(root, "tests", "snapshots", "package-schema.json");

/** Top-level entries the analyzer does not read: tests, benchmarks, plans, docs, the offline plan and the policy pack. */
const notRead = new Set(["node_modules", "tests", "bench", "plan", "docs", "schema", "offline", "policy"]);

interface Snapshot {
  readonly inputs: string;
  readonly schema: ReturnType<typeof packageSchema>;
}

/** Every file the analyzer may read, relative to the project, sorted. */
function analyzerInputs(directory = root): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .filter((entry) => directory !== root || (!notRead.has(entry.name) && !entry.name.endsWith(".md")))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return analyzerInputs(path);
      return entry.isFile() ? [relative(root, path).split("\\").join("/")] : [];
    })
    .sort();
}

/** A hash of the component names and of every file the analyzer may read. */
export function analyzerInputsHash(names: readonly string[]): string {
  const hash = createHash("sha256").update(JSON.stringify([...names].sort()));
  for (const file of analyzerInputs()) hash.update(`\0${file}\0`).update(readFileSync(join(root, file)));
  return hash.digest("hex");
}

/** The schema `pulumi package get-schema` prints for these components. */
export async function memoizedPackageSchema(
  names: readonly string[],
): Promise<ReturnType<typeof packageSchema>> {
  const inputs = analyzerInputsHash(names);
  const update = Boolean(process.env.UPDATE_SCHEMA_SNAPSHOT);
  if (!update && existsSync(snapshotFile)) {
    const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8")) as Snapshot;
    if (snapshot.inputs === inputs) return snapshot.schema;
  }
  const schema = packageSchema(names);
  if (update) {
    // Formatted as `npm run lint` wants it (Prettier, a development dependency like mocha).
    const prettier = await import("prettier");
    const options = { ...(await prettier.resolveConfig(snapshotFile)), filepath: snapshotFile };
    const snapshot: Snapshot = { inputs, schema };
    writeFileSync(snapshotFile, await prettier.format(JSON.stringify(snapshot), options));
  } else {
    console.warn(
      "      (tests/snapshots/package-schema.json is out of date, so the schema analyzer ran: " +
        "`UPDATE_SCHEMA_SNAPSHOT=1 npm test` refreshes it and saves the suite about 7 s)",
    );
  }
  return schema;
}
