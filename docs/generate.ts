/**
 * `npm run docs`: rewrites the config tables of README.md and docs/*.md and the committed JSON
 * Schema of stack files, all from the program's zod schema. tests/docs.test.ts fails when either is
 * stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format, resolveConfig } from "prettier";
import { readPages, renderPage, tablePages } from "./pages";
import { configSchema, stackFileSchema, stackFileSchemaPath } from "./stackFileSchema";

const root = join(__dirname, "..");

async function main(): Promise<void> {
  const pages = readPages(root);
  const owners = tablePages(pages);
  const schema = stackFileSchema();
  const config = configSchema(schema);
  for (const [page, text] of pages) {
    const rendered = renderPage(page, text, config, owners);
    if (rendered !== text) {
      writeFileSync(join(root, page), rendered);
      console.log(`updated ${page}`);
    }
  }
  // Formatted as Prettier would, so that `npm run lint` accepts the file as generated.
  const file = join(root, stackFileSchemaPath);
  const options = (await resolveConfig(file)) ?? {};
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await format(JSON.stringify(schema), { ...options, filepath: file }));
  console.log(`wrote ${stackFileSchemaPath}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
