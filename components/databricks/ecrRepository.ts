/** Optional: the ECR repository MLflow's serving image lives in. */
// The ECR module alone: `@pulumi/awsx`'s index also loads its classic and ECS modules and the AWS
// SDK clients they use, about 0.2 s of every run for a component that only registers by name.
import * as awsxEcr from "@pulumi/awsx/ecr";
import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn } from "../../iam";
import { PlatformSettings } from "../shared/plan";
import { defaultEcrRepositoryName } from "./config";

/**
 * Untagged images older than this are expired; tagged ones (one per MLflow version) are kept:
 * SageMaker pulls a live endpoint's image again whenever it replaces or adds an instance, so
 * expiring a tagged image could break a running endpoint.
 */
export const defaultUntaggedImageDays = 14;

export interface DatabricksServingImageRepositoryArgs {
  /** Tags and protection of the stack. */
  readonly settings: PlatformSettings;
  /** Repository name; default `mlflow-pyfunc`, the image name MLflow pushes and deploys by default. */
  readonly repositoryName?: string;
  /** Days after which untagged images expire; default 14. */
  readonly untaggedImageDays?: number;
  /** The region of the repository (ECR is regional: one per deployment region); default: the stack's. */
  readonly region?: string;
}

/**
 * Keeps the resources of an existing stack: before `awsx.ecr.Repository`, the repository and its
 * lifecycle policy were children of this component named `<name>-repository` and `<name>-lifecycle`;
 * awsx registers its own children, named after the awsx component (`<name>-repository`) under it.
 * Without these aliases `pulumi up` would replace the live repository, images and all.
 */
export function previousChildAliases(component: pulumi.Resource, name: string): pulumi.ResourceTransform {
  const previous: Record<string, string> = {
    "aws:ecr/repository:Repository": `${name}-repository`,
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": `${name}-lifecycle`,
  };
  return (args) => {
    const before = previous[args.type];
    if (!before) return undefined;
    return {
      props: args.props,
      opts: pulumi.mergeOptions(args.opts, { aliases: [{ name: before, parent: component }] }),
    };
  };
}

/**
 * The repository `mlflow sagemaker build-and-push-container` pushes to, with a lifecycle policy, as
 * `awsx.ecr.Repository` (a remote component: under mocks it registers with its inputs and no children).
 */
export class DatabricksServingImageRepository extends pulumi.ComponentResource {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: pulumi.Output<string>;
  /** The repository's ARN. */
  readonly repositoryArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: DatabricksServingImageRepositoryArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("mlops-iam:index:DatabricksServingImageRepository", name, {}, opts);
    const { settings } = args;
    const repositoryName = args.repositoryName ?? defaultEcrRepositoryName;
    const days = args.untaggedImageDays ?? defaultUntaggedImageDays;
    const repository = new awsxEcr.Repository(
      `${name}-repository`,
      {
        name: repositoryName,
        region: args.region,
        // MLflow tags the image with its version and a rebuild overwrites that tag.
        imageTagMutability: "MUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        lifecyclePolicy: {
          rules: [
            {
              tagStatus: "untagged",
              maximumAgeLimit: days,
              description: `Expire untagged images after ${days} days`,
            },
          ],
        },
        tags: settings.tags,
      },
      { parent: this, protect: settings.protect, transforms: [previousChildAliases(this, name)] },
    );
    const region = args.region ?? settings.arn.region;
    this.repositoryUrl = repository.url;
    this.repositoryArn = pulumi.output(ecrRepositoryArn(settings.arn, repositoryName, region));
    this.registerOutputs({ repositoryUrl: this.repositoryUrl, repositoryArn: this.repositoryArn });
  }
}
