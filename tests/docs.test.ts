import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { readPages, regenerateCommand, renderPage, tablePages } from "../docs/pages";
import { allConfigKeys, configRows } from "../docs/reference";
import { configSchema, schemaComment, stackFileSchema, stackFileSchemaPath } from "../docs/stackFileSchema";

const root = join(__dirname, "..");
const pages = readPages(root);
const owners = tablePages(pages);
const generatedSchema = stackFileSchema();
const config = configSchema(generatedSchema);
const committedSchema = JSON.parse(readFileSync(join(root, stackFileSchemaPath), "utf8"));
const stackFiles = readdirSync(root).filter((file) => /^Pulumi\..+\.yaml$/.test(file));

describe("documentation", () => {
  for (const [page, text] of [...pages].filter(([page]) => [...owners.values()].includes(page))) {
    it(`${page}: every config table agrees with the schema`, () => {
      const rendered = renderPage(page, text, config, owners);
      assert.ok(
        rendered === text,
        `${page}'s config tables disagree with the schema: run ${regenerateCommand}`,
      );
    });
  }

  it("documents every mlops-iam key in some page's table, each with a description", () => {
    const documented = new Set(
      [...owners.keys()].flatMap((key) => configRows(config, key, { linked: owners }).map((row) => row.key)),
    );
    const missing = allConfigKeys(config, "mlops-iam").filter((key) => !documented.has(key));
    assert.deepEqual(missing, [], `keys in no page's table (add a <!-- config:... --> table)`);
    assert.equal(owners.get("mlops-iam"), "README.md");
  });

  it("keeps README.md at most 15 KB", () => {
    const size = readFileSync(join(root, "README.md")).length;
    assert.ok(size <= 15_000, `README.md has ${size} bytes; move material to docs/`);
  });

  it("links only to files and headings that exist", () => {
    const problems: string[] = [];
    for (const [page, text] of pages) {
      const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split("#");
        const file = path ? posix.join(posix.dirname(page), path) : page;
        if (!existsSync(join(root, file))) problems.push(`${page}: ${target}: no file ${file}`);
        else if (anchor && file.endsWith(".md") && !headingAnchors(file).includes(anchor)) {
          problems.push(`${page}: ${target}: no heading #${anchor} in ${file}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe("the JSON Schema of stack files", () => {
  // Unoptimized code compiles faster, and these few documents validate in no time either way.
  const validate = new Ajv2020({ allErrors: true, code: { optimize: false } }).compile(committedSchema);
  const errors = () => (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);

  it(`is as ${regenerateCommand} writes it (${stackFileSchemaPath})`, () => {
    assert.deepEqual(
      committedSchema,
      generatedSchema,
      `${stackFileSchemaPath} is stale: run ${regenerateCommand}`,
    );
  });

  for (const file of stackFiles) {
    it(`accepts ${file}, which names it on its first line`, () => {
      const text = readFileSync(join(root, file), "utf8");
      assert.equal(text.split("\n")[0], schemaComment, `${file}'s first line`);
      assert.ok(validate(parse(text)), `${file}: ${errors().join("; ")}`);
    });
  }

  it("rejects what the program rejects: unknown mlops-iam keys, wrong types, missing required keys", () => {
    const stack = parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const broken: { config: Record<string, unknown> } = {
      config: {
        ...stack.config,
        "mlops-iam:namePrefx": "typo",
        "mlops-iam:protect": "yes",
        "aws:allowedAccountIds": [123456789012],
        "mlops-iam:mlflow": {
          trackingServers: ["mlflow-dev"],
          trackingServerRole: { enabled: true, extra: 1 },
        },
      },
    };
    delete broken.config["mlops-iam:namePrefix"];
    assert.equal(validate(broken), false);
    const paths = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`).sort();
    assert.deepEqual(paths, [
      "/config additionalProperties",
      "/config required",
      "/config/aws:allowedAccountIds/0 type",
      "/config/mlops-iam:mlflow/trackingServerRole additionalProperties",
      "/config/mlops-iam:protect type",
    ]);
  });

  it("accepts a secret of another namespace, as pulumi config set --secret writes it", () => {
    const stack = parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const withToken = { config: { ...stack.config, "databricks:token": { secure: "AAABAHc0" } } };
    assert.ok(validate(withToken), errors().join("; "));
  });
});

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchors(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-"),
  );
}
