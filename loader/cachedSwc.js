// @ts-check
/**
 * ts-node's swc transpiler with a disk cache, named in tsconfig.json's `ts-node.transpiler`, so
 * npm scripts, mocha and Pulumi's TypeScript loader (which reads that section) all use it.
 *
 * Why: every run transpiles the program's 57 modules again, about 50 ms of the dev stack's run under
 * `pulumi preview`/`up` and a tenth of the test suite's time; swc is fast, but each call is not free.
 * The cache keeps one entry per source file (so it never grows past the project's files), holding a
 * hash of what produced it: the file's text, its path, the compiler options, the module kind ts-node
 * asked for and the versions of swc, ts-node and this file's format. An entry whose hash differs is
 * transpiled again and overwritten; a cache that cannot be read or written (a read-only checkout) is
 * ignored, so the worst case is today's speed. `rm -rf node_modules/.cache/mlops-iam` empties it.
 *
 * Plain JavaScript, since ts-node loads its transpiler before it can transpile anything.
 */
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const swc = require("ts-node/transpilers/swc");

/** Raise when an entry's shape changes, so old entries are not read as new ones. */
const formatVersion = 2;

const directory = join(__dirname, "..", "node_modules", ".cache", "mlops-iam", "transpiled");

/** @param {string[]} parts */
function sha256(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/**
 * The source map without the TypeScript source it embeds (`sourcesContent`, swc's default): ts-node
 * inlines each module's map into its code, so the source would be parsed, re-encoded and scanned
 * again on every load, half of the map's size, when nothing reads it. Positions are unchanged, so
 * stack traces still point at TypeScript lines; a debugger reads the source from its file.
 * @param {import("ts-node").TranspileOutput} output
 * @returns {import("ts-node").TranspileOutput}
 */
function withoutSourcesContent(output) {
  if (!output.sourceMapText) return output;
  const map = JSON.parse(output.sourceMapText);
  delete map.sourcesContent;
  return { ...output, sourceMapText: JSON.stringify(map) };
}

/**
 * The factory ts-node calls (its `transpiler` option): swc's, wrapped in the cache.
 * @param {import("ts-node").TranspilerModule extends { create(options: infer O): unknown } ? O : never} createOptions
 * @returns {import("ts-node").Transpiler}
 */
exports.create = function create(createOptions) {
  // Created on the first file the cache cannot serve: loading swc's native binary is about 15 ms of
  // a run in which every file is served from the cache.
  /** @type {import("ts-node").Transpiler | undefined} */
  let transpiler;
  const swcTranspiler = () => (transpiler ??= swc.create(createOptions));
  const producedBy = JSON.stringify([
    formatVersion,
    require("@swc/core/package.json").version,
    require("ts-node/package.json").version,
    createOptions.service.config.options,
    createOptions.nodeModuleEmitKind ?? null,
  ]);
  let directoryMade = false;
  return {
    transpile(input, options) {
      const entry = join(directory, `${sha256(options.fileName)}.json`);
      const inputHash = sha256(producedBy, options.fileName, input);
      try {
        const cached = JSON.parse(readFileSync(entry, "utf8"));
        if (cached.inputHash === inputHash)
          return { outputText: cached.outputText, sourceMapText: cached.sourceMapText };
      } catch {
        // No entry yet, or one a concurrent writer left unreadable: transpile.
      }
      const output = withoutSourcesContent(swcTranspiler().transpile(input, options));
      try {
        if (!directoryMade) mkdirSync(directory, { recursive: true });
        directoryMade = true;
        // Written aside and renamed, so a parallel test worker never reads half an entry.
        const written = `${entry}.${process.pid}.tmp`;
        writeFileSync(written, JSON.stringify({ inputHash, ...output }));
        renameSync(written, entry);
      } catch {
        // A cache that cannot be written costs only the time it would have saved.
      }
      return output;
    },
  };
};
