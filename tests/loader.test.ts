import { strict as assert } from "node:assert";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { create } from "ts-node";

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

/** A module as ts-node runs it: its code, and the source map it inlines as the last line. */
function withInlineMap(output: string): { code: string; map: Record<string, unknown> } {
  const match = /\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(\S+)$/.exec(output);
  assert.ok(match, "an inline source map ends the module");
  return {
    code: output.slice(0, match.index),
    map: JSON.parse(Buffer.from(match[1], "base64").toString("utf8")) as Record<string, unknown>,
  };
}

describe("the TypeScript loader", () => {
  it("transpiles with swc, through the project's cache, under the options Pulumi's loader passes ts-node (pulumi up, preview)", () => {
    // As @pulumi/pulumi's cmd/run does: transpile-only from tsconfig's noCheck, the project's tsconfig,
    // its compiler options over Pulumi's defaults; the ts-node section (swc) comes from tsconfig.json.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadTypeScriptCompilerOptions } = require("@pulumi/pulumi/tsutils") as {
      loadTypeScriptCompilerOptions(path: string): Record<string, unknown>;
    };
    const compilerOptions = loadTypeScriptCompilerOptions(join(root, "tsconfig.json"));
    const service = create({
      compiler: require.resolve("typescript"),
      transpileOnly: compilerOptions.noCheck as boolean,
      project: join(root, "tsconfig.json"),
      compilerOptions: {
        target: "ES2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        ...compilerOptions,
      },
    });
    assert.equal(service.options.transpiler, "./loader/cachedSwc.js");
    assert.equal(service.options.transpileOnly, true);
    const output = service.compile("export const x: number = 1;", join(root, "loader-check.ts"));
    // swc's CommonJS (TypeScript's own transpiler writes `exports.x = 1`).
    assert.match(output, /Object\.defineProperty\(exports, "x", \{\s+enumerable: true,\s+get: function\(\)/);
  });

  it("has swc wherever the program runs: a runtime dependency, its binary without install scripts", () => {
    for (const name of ["@swc/core", "ts-node", "typescript"]) {
      assert.ok(name in manifest.dependencies, `${name} is a runtime dependency`);
    }
    // @swc/core's postinstall only falls back to downloading a WebAssembly build; its binaries are
    // optional dependencies, one per platform, which npm installs without scripts.
    assert.equal(manifest.allowScripts["@swc/core"], false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { transformSync } = require("@swc/core") as typeof import("@swc/core");
    assert.match(
      transformSync("const x: number = 1;", { jsc: { parser: { syntax: "typescript" } } }).code,
      /x = 1/,
    );
  });

  describe("the transpile cache (loader/cachedSwc.js)", () => {
    const service = create({ project: join(root, "tsconfig.json"), transpileOnly: true });
    // ts-node's own swc transpiler, without the cache, under the same tsconfig.
    const swcOnly = create({
      project: join(root, "tsconfig.json"),
      transpileOnly: true,
      transpiler: "ts-node/transpilers/swc",
    });
    // A source path of its own, so the test's entry is never a real module's.
    const fileName = join(root, `loader-cache-check-${process.pid}.ts`);
    const entry = join(
      root,
      "node_modules",
      ".cache",
      "mlops-iam",
      "transpiled",
      `${createHash("sha256").update(fileName).update("\0").digest("hex")}.json`,
    );
    const readEntry = () => JSON.parse(readFileSync(entry, "utf8")) as { outputText: string };
    after(() => rmSync(entry, { force: true }));

    it("gives what swc gives, its source map without the embedded source, and keeps it for the next run", () => {
      const source = "export const answer: number = 42;";
      const cached = withInlineMap(service.compile(source, fileName));
      const swc = withInlineMap(swcOnly.compile(source, fileName));
      assert.equal(cached.code, swc.code);
      // The same positions, so stack traces still point at TypeScript lines; the source stays in its file.
      const { sourcesContent, ...swcMap } = swc.map;
      assert.deepEqual(sourcesContent, [source]);
      assert.deepEqual(cached.map, swcMap);
      assert.match(readEntry().outputText, /answer/);
      // Served from the entry: an entry edited by hand (same input hash) is what comes back.
      const edited = { ...readEntry(), outputText: "exports.answer = 'from the cache';" };
      writeFileSync(entry, JSON.stringify(edited));
      assert.match(service.compile(source, fileName), /from the cache/);
    });

    it("transpiles a changed file again and keeps one entry per file", () => {
      const source = "export const changed: string = 'yes';";
      assert.match(service.compile(source, fileName), /changed/);
      assert.match(readEntry().outputText, /changed/);
      assert.ok(existsSync(entry));
    });
  });
});
