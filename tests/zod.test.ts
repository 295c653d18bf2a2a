import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");

/** What a fresh process sees of zod's locale modules once it has loaded zod as the program does. */
interface LocaleReport {
  /** Locale files loaded after `config/zod` (names, sorted). */
  loadedWithZod: string[];
  /** `z.locales.__esModule`, asked before anything else (zod's `import * as` helper asks it). */
  esModule: boolean;
  /** Locale files loaded once `z.locales.fr` was read. */
  loadedOnUse: number;
  /** Whether `z.locales.fr` is the real module's `fr`. */
  sameFunction: boolean;
  /** Whether `Object.keys(z.locales)` lists the real module's exports. */
  sameKeys: boolean;
  /** The message of a failed `z.string()` parse with the French locale configured. */
  frenchMessage: string;
  /** The same, in English, from a stack that never touched `z.locales`. */
  englishMessage: string;
}

function localeReport(): LocaleReport {
  const script = `
    const { basename } = require("node:path");
    const localeFiles = () => Object.keys(require.cache)
      .filter((file) => /zod[\\\\/]v4[\\\\/]locales[\\\\/]/.test(file)).map((file) => basename(file)).sort();
    const { z } = require("./config/zod");
    const loadedWithZod = localeFiles();
    const englishMessage = z.string().safeParse(1).error.issues[0].message;
    const esModule = z.locales.__esModule;
    const fr = z.locales.fr;
    const loadedOnUse = localeFiles().length;
    const real = require(require.resolve("zod/v4/locales"));
    const sameFunction = fr === real.fr;
    const sameKeys = JSON.stringify(Object.keys(z.locales).sort()) === JSON.stringify(Object.keys(real).sort());
    z.config(fr());
    const frenchMessage = z.string().safeParse(1).error.issues[0].message;
    console.log(JSON.stringify({ loadedWithZod, esModule, loadedOnUse, sameFunction, sameKeys, frenchMessage, englishMessage }));
  `;
  const result = spawnSync(process.execPath, ["-r", "ts-node/register", "-e", script], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split("\n").pop() ?? "{}") as LocaleReport;
}

describe("zod as the program loads it (config/zod)", () => {
  it("loads zod's English locale alone, and every locale, as zod has them, once z.locales is used", () => {
    const report = localeReport();
    // The namespace's module (index) is the on-demand stand-in; English is zod's default.
    assert.deepEqual(report.loadedWithZod, ["en.cjs", "index.cjs"]);
    assert.equal(report.englishMessage, "Invalid input: expected string, received number");
    assert.equal(report.esModule, true);
    // zod ships a few dozen locales; on first use all of them load, as without the stand-in.
    assert.ok(report.loadedOnUse > 40, `${report.loadedOnUse} locale files after z.locales.fr`);
    assert.equal(report.sameFunction, true);
    assert.equal(report.sameKeys, true);
    assert.match(report.frenchMessage, /^Entrée invalide/);
  });
});
