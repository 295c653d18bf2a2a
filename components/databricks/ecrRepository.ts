/** Optional: the ECR repository MLflow's serving image lives in. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformSettings } from "../shared/plan";
import { defaultEcrRepositoryName } from "./config";

/** Untagged images older than this are expired; tagged ones (one per MLflow version) are kept. */
export const defaultUntaggedImageDays = 14;

/**
 * The lifecycle policy as ECR reads it. Only untagged images (layers of a rebuilt `:<mlflow version>`
 * tag) expire: SageMaker pulls a live endpoint's image again whenever it replaces or adds an
 * instance, so expiring a tagged image could break a running endpoint.
 */
export function servingImageLifecyclePolicy(untaggedImageDays: number) {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedImageDays} days`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: untaggedImageDays,
        },
        action: { type: "expire" },
      },
    ],
  };
}

export interface DatabricksServingImageRepositoryArgs {
  /** Tags and protection of the stack. */
  readonly settings: PlatformSettings;
  /** Repository name; default `mlflow-pyfunc`, the image name MLflow pushes and deploys by default. */
  readonly repositoryName?: string;
  /** Days after which untagged images expire; default 14. */
  readonly untaggedImageDays?: number;
}

/**
 * The repository `mlflow sagemaker build-and-push-container` pushes to, with a lifecycle policy.
 * Plain `aws.ecr.*` rather than awsx's Repository: that one is a remote component whose children
 * exist only in the awsx plugin, so its lifecycle policy and URL are invisible to the mock runtime
 * the tests and the offline plan use.
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
    const repository = new aws.ecr.Repository(
      `${name}-repository`,
      {
        name: args.repositoryName ?? defaultEcrRepositoryName,
        // MLflow tags the image with its version and a rebuild overwrites that tag.
        imageTagMutability: "MUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        tags: settings.tags,
      },
      { parent: this, protect: settings.protect },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      {
        repository: repository.name,
        policy: JSON.stringify(
          servingImageLifecyclePolicy(args.untaggedImageDays ?? defaultUntaggedImageDays),
        ),
      },
      { parent: this },
    );
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.registerOutputs({ repositoryUrl: this.repositoryUrl, repositoryArn: this.repositoryArn });
  }
}
