import { strict as assert } from "node:assert";
import { configProblems as problemsOf, parseConfig as parse } from "./support/config";

const withDatabricks = (databricks: unknown) => ({ namePrefix: "acme-dev", databricks });

describe("databricks config", () => {
  it("applies the documented defaults", () => {
    const config = parse(withDatabricks({ workspaceRoleName: "databricks-workspace-role" }));
    assert.deepEqual(config.databricks, {
      workspaceRoleName: "databricks-workspace-role",
      sagemakerAccess: "full",
      registerInWorkspace: false,
      skipValidation: false,
      // The name's default applies where a name is used (create or deploy-only): mlflow-pyfunc.
      ecrRepository: { create: false },
    });
  });

  it("decodes the section as the Pulumi engine passes it (JSON text)", () => {
    const config = parse(
      withDatabricks(
        '{"workspaceRoleName":"ws","sagemakerAccess":"deploy-only","ecrRepository":{"create":true}}',
      ),
    );
    assert.equal(config.databricks?.sagemakerAccess, "deploy-only");
    assert.deepEqual(config.databricks?.ecrRepository, { create: true });
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      "a missing workspaceRoleName",
      {},
      /^mlops-iam:databricks\.workspaceRoleName: expected a string \(this key is required\), got nothing$/,
    ],
    [
      "a workspaceRoleName that is an ARN",
      { workspaceRoleName: "arn:aws:iam::123456789012:role/ws" },
      /^mlops-iam:databricks\.workspaceRoleName: expected an IAM name .*got "arn:aws/,
    ],
    [
      "an unknown sagemakerAccess",
      { workspaceRoleName: "ws", sagemakerAccess: "read-only" },
      /^mlops-iam:databricks\.sagemakerAccess: expected one of full, deploy-only, got "read-only"$/,
    ],
    [
      "registerInWorkspace as a word",
      { workspaceRoleName: "ws", registerInWorkspace: "yes" },
      /^mlops-iam:databricks\.registerInWorkspace: expected a boolean, got "yes"$/,
    ],
    [
      "skipValidation without registerInWorkspace",
      { workspaceRoleName: "ws", skipValidation: true },
      /^mlops-iam:databricks\.skipValidation: expected skipValidation only together with registerInWorkspace: true/,
    ],
    [
      "an ECR repository name with capitals",
      { workspaceRoleName: "ws", ecrRepository: { create: true, name: "MLflow_Pyfunc" } },
      /^mlops-iam:databricks\.ecrRepository\.name: expected an ECR repository name: lower-case .*got "MLflow_Pyfunc"$/,
    ],
    [
      "a one-character ECR repository name",
      { workspaceRoleName: "ws", ecrRepository: { name: "m" } },
      /^mlops-iam:databricks\.ecrRepository\.name: expected an ECR repository name of 2-256 characters/,
    ],
    [
      "a misspelt key",
      { workspaceRoleName: "ws", registerInWorkspaces: true },
      /^mlops-iam:databricks\.registerInWorkspaces: unknown key .*did you mean registerInWorkspace\?$/,
    ],
    [
      "an unknown key in ecrRepository",
      { workspaceRoleName: "ws", ecrRepository: { create: true, lifecycleDays: 3 } },
      /^mlops-iam:databricks\.ecrRepository\.lifecycleDays: unknown key/,
    ],
  ];
  for (const [what, databricks, message] of invalid) {
    it(`rejects ${what}, naming the key`, () => {
      const problems = problemsOf(withDatabricks(databricks));
      assert.ok(
        problems.some((problem) => message.test(problem)),
        `no problem matches ${message}:\n${problems.join("\n")}`,
      );
    });
  }
});
