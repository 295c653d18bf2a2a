/**
 * From the `mlops-iam:databricks` config to the components the section registers, each with its
 * plan: the deployment role, the PassRole policy on the workspace role, the registration in the
 * workspace and the serving-image repository.
 */
import * as pulumi from "@pulumi/pulumi";
import { configKey } from "../../config/read";
import {
  ArnContext,
  IamCatalog,
  allow,
  ecrRepositoryArn,
  partitionOfRegion,
  passRole as passRoleStatement,
  servicePrincipals,
} from "../../iam";
import { componentSpec, plainComponentSpec, Registered } from "../shared/component";
import { PlatformSettings, plannedRoleArn } from "../shared/plan";
import { instanceProfileDeployerStatement } from "../shared/deployer";
import { SectionComponents } from "../shared/section";
import { DatabricksConfig, defaultEcrRepositoryName } from "./config";
import { DatabricksDeploymentRole, planDeploymentRole } from "./deploymentRole";
import { DatabricksServingImageRepository } from "./ecrRepository";
import { DatabricksServingRole, planServingRole } from "./servingRole";
import { DatabricksWorkspacePassRole, planWorkspacePassRole } from "./workspacePassRole";
import { DatabricksInstanceProfileRegistration, requireWorkspaceConnection } from "./workspaceRegistration";

/** Pulumi names of the section's components; their children derive theirs from these. */
export const databricksComponentNames = {
  deploymentRole: "databricks-deployment",
  workspacePassRole: "databricks-workspace-passrole",
  registration: "databricks-instance-profile",
  ecrRepository: "databricks-serving-image",
  servingRole: "databricks-serving",
} as const;

const names = databricksComponentNames;

/** The serving-image repository of a region: the stack's region keeps the name it always had. */
function repositoryComponentName(stackRegion: string, region: string): string {
  return region === stackRegion ? names.ecrRepository : `${names.ecrRepository}-${region}`;
}

/** Regions of another partition than the stack's cannot be reached with its credentials. */
function regionProblems(ctx: ArnContext, regions: readonly string[]): string[] {
  return regions.flatMap((region, index) =>
    partitionOfRegion(region) === ctx.partition
      ? []
      : [
          `${configKey(["databricks", "regions", index])}: expected a region of the stack's partition ${ctx.partition}, got "${region}" (partition ${partitionOfRegion(region)})`,
        ],
  );
}

/** The components a config asks for, with their plans (pure but for reading `databricks:*`). */
export function databricksComponents(
  config: DatabricksConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionComponents {
  // Checked here, before the stack registers anything, so a missing token deploys nothing.
  const connection = requireWorkspaceConnection(config);
  const ctx = settings.arn;
  const regions = config.regions ?? [ctx.region];
  const deployOnly = config.sagemakerAccess === "deploy-only";
  const transformJobs = config.transformJobs?.enabled ?? false;
  const scope = {
    regions,
    appNamePrefix: config.appNamePrefix,
    repositoryName: config.ecrRepository.name,
    transformJobs,
  };
  const servingRole =
    deployOnly && config.servingRole !== false
      ? componentSpec(
          {
            name: names.servingRole,
            component: DatabricksServingRole,
            plan: planServingRole,
            args: { settings, ...scope, transformDataStores: config.transformJobs?.dataStores ?? [] },
          },
          catalog,
        )
      : undefined;
  const role = componentSpec(
    {
      name: names.deploymentRole,
      component: DatabricksDeploymentRole,
      plan: planDeploymentRole,
      args: {
        settings,
        sagemakerAccess: config.sagemakerAccess,
        ...(deployOnly ? scope : {}),
        ...(servingRole ? { servingRoleArn: plannedRoleArn(servingRole.planned, settings) } : {}),
      },
    },
    catalog,
  );
  const passRole = componentSpec(
    {
      name: names.workspacePassRole,
      component: DatabricksWorkspacePassRole,
      plan: planWorkspacePassRole,
      args: { settings, workspaceRoleName: config.workspaceRoleName },
    },
    catalog,
  );
  const registration = connection
    ? plainComponentSpec(
        names.registration,
        (registered) =>
          new DatabricksInstanceProfileRegistration(
            names.registration,
            {
              instanceProfileArn: registered(role).instanceProfileArn,
              host: connection.host,
              token: connection.token,
              skipValidation: config.skipValidation,
            },
            // Databricks validates the profile by launching with it through the workspace role.
            { dependsOn: [registered(passRole)] },
          ),
      )
    : undefined;
  // ECR is regional: the serving image must be in every region models are deployed to.
  const repositories = config.ecrRepository.create
    ? regions.map((region) => {
        const name = repositoryComponentName(ctx.region, region);
        return [
          region,
          plainComponentSpec(
            name,
            () =>
              new DatabricksServingImageRepository(name, {
                settings,
                repositoryName: config.ecrRepository.name,
                ...(region === ctx.region ? {} : { region }),
              }),
          ),
        ] as const;
      })
    : [];
  // What `pulumi up` needs beyond the stack's IAM: the repositories (awsx.ecr.Repository registers an
  // aws.ecr.Repository and its LifecyclePolicy), and passing the deploy role into its instance
  // profile (AddRoleToInstanceProfile requires iam:PassRole on the role, its API reference says; no
  // page gives the iam:PassedToService it carries, and EC2 is assumed as AWS's managed policies that
  // add roles to instance profiles, AmazonEKSComputePolicy and ROSAInstallerPolicy, condition it).
  const deployer = [
    instanceProfileDeployerStatement(settings),
    ...(config.ecrRepository.create
      ? [
          allow(
            "ServingImageRepositories",
            [
              "ecr:CreateRepository",
              "ecr:DeleteLifecyclePolicy",
              "ecr:DeleteRepository",
              "ecr:DescribeRepositories",
              "ecr:GetLifecyclePolicy",
              "ecr:ListTagsForResource",
              "ecr:PutImageScanningConfiguration",
              "ecr:PutImageTagMutability",
              "ecr:PutLifecyclePolicy",
              "ecr:TagResource",
              "ecr:UntagResource",
            ],
            regions.map((region) =>
              ecrRepositoryArn(ctx, config.ecrRepository.name ?? defaultEcrRepositoryName, region),
            ),
          ),
        ]
      : []),
    passRoleStatement(
      "PassDeploymentRoleToInstanceProfile",
      [plannedRoleArn(role.planned, settings)],
      servicePrincipals.ec2,
    ),
  ];
  return {
    deployer,
    problems: regionProblems(ctx, regions),
    components: [
      ...(servingRole ? [servingRole] : []),
      role,
      passRole,
      ...(registration ? [registration] : []),
      ...repositories.map(([, spec]) => spec),
    ],
    outputs(registered: Registered) {
      const deployment = registered(role);
      const outputs: Record<string, unknown> = {
        deploymentRoleArn: deployment.roleArn,
        /** Paste into the admin console (Security → Instance profiles) unless registerInWorkspace is on. */
        instanceProfileArn: deployment.instanceProfileArn,
        /** AmazonSageMakerFullAccess in `full` mode, the deploy-only policy otherwise. */
        sagemakerPolicyArns:
          config.sagemakerAccess === "full" ? deployment.awsManagedPolicyArns : deployment.policyArns,
        workspacePassRolePolicyArns: registered(passRole).policyArns,
      };
      if (registration) outputs.registeredInstanceProfileId = registered(registration).instanceProfileId;
      const stackRepository = repositories.find(([region]) => region === ctx.region);
      if (stackRepository) outputs.ecrRepositoryUrl = registered(stackRepository[1]).repositoryUrl;
      if (repositories.length > 1) {
        outputs.ecrRepositoryUrls = Object.fromEntries(
          repositories.map(([region, spec]) => [region, registered(spec).repositoryUrl]),
        );
      }
      if (servingRole) outputs.servingRoleArn = registered(servingRole).roleArn;
      // The exact target per region (MLflow's own default region is us-west-2), and a ready command.
      const executionRole = servingRole ? registered(servingRole).roleArn : undefined;
      outputs.deploymentTargets = pulumi.output(executionRole).apply((arn) =>
        Object.fromEntries(
          regions.map((region) => [
            region,
            {
              targetUri: `sagemaker:/${region}`,
              command:
                `mlflow deployments create -t sagemaker:/${region} --name ${config.appNamePrefix ?? "<app>"}-<name> ` +
                `-m models:/<model>/<version>` +
                (arn ? ` -C execution_role_arn=${arn}` : ""),
            },
          ]),
        ),
      );
      return outputs;
    },
  };
}
