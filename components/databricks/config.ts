/**
 * Stack config section `mlops-iam:databricks`: deploying MLflow models from Databricks to SageMaker.
 * Each key's description here is its documentation: `npm run docs` writes it into docs/databricks.md.
 */
import { z } from "zod";
import { existingIamName } from "../../config/common";

/**
 * What the deployment role may do in SageMaker: `full` attaches AmazonSageMakerFullAccess, as
 * Databricks documents; `deploy-only` grants just what MLflow's SageMaker deployment calls.
 */
export const sagemakerAccessModes = ["full", "deploy-only"] as const;
export type SagemakerAccess = (typeof sagemakerAccessModes)[number];

/** The repository MLflow's `build-and-push-container` pushes to and its deployments pull from. */
export const defaultEcrRepositoryName = "mlflow-pyfunc";

/**
 * ECR's repository-name rule: 2-256 characters, lower-case path segments of letters and digits
 * joined by single `.`, `_` or `-`, separated by `/`.
 */
export const ecrRepositoryName = z
  .string()
  .min(2, "an ECR repository name of 2-256 characters")
  .max(256, "an ECR repository name of 2-256 characters")
  .regex(
    /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    "an ECR repository name: lower-case letters and digits, separated by single . _ - or /",
  );

export const databricksConfigSchema = z
  .strictObject({
    workspaceRoleName: existingIamName.describe(
      "The workspace's existing cross-account role, which Databricks launches clusters with (account console → " +
        "Cloud resources → Credential configuration); it gets the PassRole policy.",
    ),
    sagemakerAccess: z
      .enum(sagemakerAccessModes, { message: `one of ${sagemakerAccessModes.join(", ")}` })
      .default("full")
      .describe(
        "`full` attaches AmazonSageMakerFullAccess, as Databricks documents; `deploy-only` grants only what " +
          "MLflow's SageMaker deployment calls, in the stack's region.",
      ),
    registerInWorkspace: z
      .boolean()
      .default(false)
      .describe(
        "Register the instance profile in the workspace; needs `databricks:host` and `databricks:token`.",
      ),
    skipValidation: z
      .boolean()
      .default(false)
      .describe(
        "Ask Databricks not to validate the instance profile (a dry-run launch) when registering it; only with " +
          "`registerInWorkspace: true`.",
      ),
    ecrRepository: z
      .strictObject({
        create: z
          .boolean()
          .default(false)
          .describe("Create the repository, with a lifecycle policy that expires untagged images."),
        name: ecrRepositoryName
          .default(defaultEcrRepositoryName)
          .describe("The repository's name (MLflow's default image name is `mlflow-pyfunc`)."),
      })
      .default({ create: false, name: defaultEcrRepositoryName })
      .describe("The ECR repository MLflow's `build-and-push-container` pushes the serving image to."),
  })
  .refine((config) => config.registerInWorkspace || !config.skipValidation, {
    message: "skipValidation only together with registerInWorkspace: true (it applies to the registration)",
    path: ["skipValidation"],
  })
  .describe("Deploying MLflow models from Databricks to SageMaker.");

export type DatabricksConfig = z.output<typeof databricksConfigSchema>;
