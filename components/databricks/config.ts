/** Stack config section `mlops-iam:databricks`: deploying MLflow models from Databricks to SageMaker. */
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
    /** The existing IAM role Databricks uses to launch clusters (the workspace's cross-account role). */
    workspaceRoleName: existingIamName,
    sagemakerAccess: z
      .enum(sagemakerAccessModes, { message: `one of ${sagemakerAccessModes.join(", ")}` })
      .default("full"),
    /** Register the instance profile in the workspace (needs `databricks:host` and `databricks:token`). */
    registerInWorkspace: z.boolean().default(false),
    /** Ask Databricks not to validate the instance profile when registering it. */
    skipValidation: z.boolean().default(false),
    ecrRepository: z
      .strictObject({
        create: z.boolean().default(false),
        name: ecrRepositoryName.default(defaultEcrRepositoryName),
      })
      .default({ create: false, name: defaultEcrRepositoryName }),
  })
  .refine((config) => config.registerInWorkspace || !config.skipValidation, {
    message: "skipValidation only together with registerInWorkspace: true (it applies to the registration)",
    path: ["skipValidation"],
  });

export type DatabricksConfig = z.output<typeof databricksConfigSchema>;
