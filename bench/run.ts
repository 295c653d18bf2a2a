/**
 * `npm run bench`: measured on this machine in one run, printed as a table and as JSON
 * (bench/results.json). Each measurement runs in a fresh process, so none inherits another's
 * warm module cache.
 */
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const tsNode = join(root, "node_modules", "ts-node", "dist", "bin.js");

function runJson(script: string, ...args: string[]): Record<string, number | string> {
  const result = spawnSync(process.execPath, [tsNode, join(root, "bench", script), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`${script} ${args.join(" ")} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop() ?? "{}");
}

/** The floor: plain Node loading Pulumi and its AWS provider, from process start. */
function floorMs(): number {
  const code =
    "require('@pulumi/pulumi'); require('@pulumi/aws'); console.log(require('perf_hooks').performance.now())";
  const result = spawnSync(process.execPath, ["-e", code], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`loading the floor failed:\n${result.stderr}`);
  return Number(result.stdout.trim());
}

/**
 * Compiles the project to JavaScript once, for the dev-stack run without ts-node's transpiling
 * (which `pulumi preview` of a TypeScript project pays): what the program itself costs.
 */
function compileAheadOfTime(): string {
  const outDir = join(root, ".bench-build");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const build = spawnSync(
    process.execPath,
    [tsc, "-p", root, "--outDir", outDir, "--noEmit", "false", "--noCheck", "true"],
    { cwd: root, encoding: "utf8" },
  );
  if (build.status !== 0)
    throw new Error(`compiling for the benchmark failed:\n${build.stdout}${build.stderr}`);
  return join(outDir, "bench", "devStack.js");
}

function runCompiled(script: string): Record<string, number | string> {
  const result = spawnSync(process.execPath, [script], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop() ?? "{}");
}

function perResource(rows: Record<string, number | string>[], dimension: string, n: number): number {
  const row = rows.find((candidate) => candidate.dimension === dimension && candidate.n === n);
  return row ? Number(row.ms) / Number(row.resources) : Number.NaN;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function main() {
  const floor = median([1, 2, 3].map(floorMs));
  const devRuns = [1, 2, 3].map(() => runJson("devStack.ts"));
  const dev = median(devRuns.map((run) => Number(run.ms)));
  const compiledDevStack = compileAheadOfTime();
  const compiled = median([1, 2, 3].map(() => Number(runCompiled(compiledDevStack).ms)));
  const scale = ["teams", "trackingServers"].flatMap((dimension) =>
    [10, 100, 1000].map((n) => runJson("scale.ts", dimension, String(n))),
  );
  const suiteStarted = Date.now();
  const suite = spawnSync(process.execPath, [join(root, "node_modules", "mocha", "bin", "mocha.js")], {
    cwd: root,
    encoding: "utf8",
  });
  const suiteMs = Date.now() - suiteStarted;

  const results = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    floorMs: Math.round(floor),
    devStackMs: Math.round(dev),
    devStackResources: devRuns[0].resources,
    devStackToFloor: Number((dev / floor).toFixed(2)),
    devStackCompiledMs: Math.round(compiled),
    devStackCompiledToFloor: Number((compiled / floor).toFixed(2)),
    scale: scale.map((row): Record<string, number | string> => ({ ...row, ms: Math.round(Number(row.ms)) })),
    // Linear if the time per resource does not grow from 100 to 1,000 teams (small runs carry fixed costs).
    teamsGrowLinearly: perResource(scale, "teams", 1000) <= 1.2 * perResource(scale, "teams", 100),
    testSuiteMs: suiteMs,
    testSuitePassed: suite.status === 0,
  };
  console.log(
    `Machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), ${results.machine.memoryGiB} GiB, Node ${results.machine.node}`,
  );
  console.log(`Floor (load @pulumi/pulumi + @pulumi/aws): ${results.floorMs} ms`);
  console.log(
    `Dev stack under mocks: ${results.devStackMs} ms, ${results.devStackResources} resources, ${results.devStackToFloor}x the floor`,
  );
  console.log(
    `Dev stack, compiled ahead of time: ${results.devStackCompiledMs} ms, ${results.devStackCompiledToFloor}x the floor`,
  );
  console.log(
    "\n| dimension | n | ms | ms per resource | resources | managed policies | largest policy (chars) | quota error |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const row of results.scale) {
    console.log(
      `| ${row.dimension} | ${row.n} | ${row.ms} | ${row.resources ? (Number(row.ms) / Number(row.resources)).toFixed(2) : "-"} | ${row.resources ?? "-"} | ${row.managedPolicies ?? "-"} | ${row.largestPolicy ?? "-"} | ${row.error ?? ""} |`,
    );
  }
  console.log(
    `\nTime per resource from 100 to 1,000 teams: ${results.teamsGrowLinearly ? "no faster than linear" : "FASTER THAN LINEAR"}`,
  );
  console.log(`\nTest suite: ${suiteMs} ms wall (${suite.status === 0 ? "passed" : "FAILED"})`);
  writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nWrote bench/results.json");
}

main();
