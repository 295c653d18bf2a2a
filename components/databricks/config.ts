/**
 * Stack config section `mlops-iam:databricks`: deploying MLflow models from Databricks to SageMaker.
 * Each key's description here is its documentation: `npm run docs` writes it into docs/databricks.md.
 */
import { z } from "../../config/zod";
import { ecrRepositoryName, existingRoleName, s3Uri, uniqueList } from "../../config/common";

/**
 * What the deployment role may do in SageMaker: `full` attaches AmazonSageMakerFullAccess, as
 * Databricks documents; `deploy-only` grants just what MLflow's SageMaker deployment calls.
 */
export const sagemakerAccessModes = ["full", "deploy-only"] as const;
export type SagemakerAccess = (typeof sagemakerAccessModes)[number];

/** The repository MLflow's `build-and-push-container` pushes to and its deployments pull from. */
export const defaultEcrRepositoryName = "mlflow-pyfunc";

export const databricksConfigSchema = z
  .strictObject({
    workspaceRoleName: existingRoleName.describe(
      "The workspace's existing cross-account role, which Databricks launches clusters with (account console → " +
        "Cloud resources → Credential configuration); it gets the PassRole policy.",
    ),
    sagemakerAccess: z
      .enum(sagemakerAccessModes, { message: `one of ${sagemakerAccessModes.join(", ")}` })
      .default("full")
      .describe(
        "`full` attaches AmazonSageMakerFullAccess, as Databricks documents; `deploy-only` grants only what " +
          "MLflow's SageMaker deployment calls, in the `regions`, and serves models with a role of their own.",
      ),
    regions: uniqueList(
      z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as us-west-2"),
      "a list of regions",
    )
      .refine((regions) => regions.length > 0, "at least one region")
      .optional()
      .describe(
        "The regions models are deployed to (each in the stack's partition); default: the stack's region. " +
          "MLflow's own default is `us-west-2`: a plain `-t sagemaker` deploys there, so list it if it is used.",
      ),
    appNamePrefix: z
      .string()
      .regex(
        /^[a-z0-9](-*[a-z0-9])*$/,
        "lower-case letters and digits, hyphens only between them (SageMaker lower-cases the names in ARNs)",
      )
      .max(
        16,
        "at most 16 characters: MLflow keeps only the first 16 of a long application name in its model and config names",
      )
      .optional()
      .describe(
        "`deploy-only`: limit models, endpoint configs and endpoints to applications whose names start with this " +
          "(MLflow names them `<app>-model-<id>`, `<app>-config-<id>` and `<app>`). Default: any name.",
      ),
    servingRole: z
      .boolean()
      .optional()
      .describe(
        "`deploy-only`: models run with a role of their own (`<namePrefix>-databricks-serving`: the serving image, " +
          "their archives, their logs), the only role the deployment role may pass; default true. Pass it as " +
          "`-C execution_role_arn=...`. False: models run with the deployment role itself, as in `full`.",
      ),
    transformJobs: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe("Allow `mlflow sagemaker deploy-transform-job` and `terminate-transform-job`."),
        dataStores: uniqueList(s3Uri, "a list of S3 URIs")
          .default([])
          .describe(
            "Where transform jobs read input and write output (`s3://<bucket>[/<prefix>]`); the serving role reads and writes them.",
          ),
      })
      .optional()
      .describe("`deploy-only`: batch transform jobs from MLflow models."),
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
        // Optional rather than defaulted, so that a name that names nothing is told apart.
        name: ecrRepositoryName
          .optional()
          .describe(
            `The repository's name; default \`${defaultEcrRepositoryName}\` (MLflow's default image name). It names the ` +
              "repository created with `create: true`, and the one `deploy-only` grants pulls from; so not with " +
              "`create: false` and `sagemakerAccess: full`, where it would name nothing.",
          ),
      })
      .default({ create: false })
      .describe("The ECR repository MLflow's `build-and-push-container` pushes the serving image to."),
  })
  .refine((config) => config.registerInWorkspace || !config.skipValidation, {
    message: "skipValidation only together with registerInWorkspace: true (it applies to the registration)",
    path: ["skipValidation"],
  })
  .superRefine((config, ctx) => {
    if (
      config.ecrRepository.name !== undefined &&
      !config.ecrRepository.create &&
      config.sagemakerAccess === "full"
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["ecrRepository", "name"],
        input: config.ecrRepository.name,
        message:
          "no name with create: false and sagemakerAccess: full (the stack neither creates the repository nor grants pulls from it)",
      });
    }
    // With full access, AmazonSageMakerFullAccess decides: these would silently do nothing.
    if (config.sagemakerAccess !== "full") return;
    for (const key of ["appNamePrefix", "servingRole", "transformJobs"] as const) {
      if (config[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: config[key],
          message: `${key} only with sagemakerAccess: deploy-only (full attaches AmazonSageMakerFullAccess, which it cannot narrow)`,
        });
      }
    }
  })
  .describe("Deploying MLflow models from Databricks to SageMaker.");

export type DatabricksConfig = z.output<typeof databricksConfigSchema>;
