/**
 * The documentation pages and their generated config tables. A table sits between
 * `<!-- config:<key> -->` and `<!-- /config -->` and lists the keys under `<key>` (a namespace such
 * as `mlops-iam`, or a key such as `mlops-iam:mlflow`); a key that has a table on another page gets
 * one row linking there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { configRows, configTable, JsonSchema, linkedKeyList } from "./reference";
import { workloadTable } from "./workloads";

/** The command that rewrites the tables, for messages that ask for it. */
export const regenerateCommand = "npm run docs";

const marker = /(<!-- config:(\S+) -->\n)[\s\S]*?(<!-- \/config -->)/g;

/** The MLflow client calls and the policies that grant them, from the tested workload tables. */
const workloadMarker = /(<!-- workloads:mlflow -->\n)[\s\S]*?(<!-- \/workloads -->)/g;

/** The Markdown pages, relative to the repository root: README.md and docs/*.md. */
export function documentationPages(root: string): string[] {
  const pages = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...pages];
}

/** The keys each page has a table of: key → page. Throws when two pages claim a key. */
export function tablePages(pages: ReadonlyMap<string, string>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [page, text] of pages) {
    for (const [, , key] of text.matchAll(marker)) {
      const other = owners.get(key);
      if (other !== undefined) throw new Error(`${page}: config:${key} already has its table in ${other}`);
      owners.set(key, page);
    }
  }
  return owners;
}

/** The page's text with every config table rewritten from the schema. */
export function renderPage(
  page: string,
  text: string,
  config: JsonSchema,
  owners: ReadonlyMap<string, string>,
): string {
  return text
    .replace(marker, (_, open: string, key: string, close: string) => {
      const linked = new Map(
        [...owners]
          .filter(([other]) => other !== key)
          .map(([other, target]) => [other, posix.relative(posix.dirname(page), target) || target]),
      );
      const rows = configRows(config, key, { linked });
      return `${open}\n${configTable(rows)}${linkedKeyList(config, rows, linked)}\n\n${close}`;
    })
    .replace(workloadMarker, (_, open: string, close: string) => `${open}\n${workloadTable()}\n\n${close}`);
}

/** Reads the pages of the repository at `root`: page → text. */
export function readPages(root: string): Map<string, string> {
  return new Map(documentationPages(root).map((page) => [page, readFileSync(join(root, page), "utf8")]));
}
