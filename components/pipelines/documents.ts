/**
 * Pure statement builders of the Pipelines section, shared by the execution role, the step roles and
 * the team policies. Plain data: no Pulumi outputs, so tests evaluate exactly what is deployed.
 */
import {
  ArnContext,
  ConditionBlock,
  IamCatalog,
  PolicyDocument,
  PolicyStatement,
  allow,
  allowOnAnyResource,
  ecrPullStatements,
  ecrRepositoryArn,
  logGroupArn,
  policyDocument,
  s3BucketArn,
  s3ObjectsArn,
  sagemakerArn,
  servicePrincipals,
  sortedUnique,
  trustServices,
} from "../../iam";
import { awsImageAccountsOf, awsImageRepositoryArns } from "./awsImages";
import { JobGuardrails, guardedActions, guardrailConditions, hasGuardrails } from "./guardrails";
import { ResourceGrant, RoleSource, defaultJobPrefix, modelPackageGroupGrants } from "./stepTypes";

export const sagemakerService = servicePrincipals.sagemaker;

/** `training-job` → `TrainingJob`, for statement ids. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

/** The name pattern of jobs a prefix covers: `<prefix>-*`, or `pipelines-*` with prefixing off. */
export function jobNamePattern(prefix: string | undefined): string {
  return `${prefix ?? defaultJobPrefix}-*`;
}

/**
 * One statement per SageMaker resource type (and name pattern): its actions on `<type>/<prefix>-*`
 * only (or the grant's own pattern, e.g. `sm-clarify-*`), plus `sagemaker:AddTags` where the grant
 * creates something (creating with tags, as Pipelines does, needs it), but only as part of that
 * creation (`sagemaker:TaggingAction`), so existing jobs cannot be retagged. Scoped per resource
 * type, unlike the AWS page's `*\/MyBaseJobName-*`, which spans every resource type SageMaker has.
 */
export function jobStatements(
  ctx: ArnContext,
  grants: readonly ResourceGrant[],
  prefix: string | undefined,
  sidPrefix = "",
  guarded?: { readonly guardrails: JobGuardrails; readonly catalog: IamCatalog },
): PolicyStatement[] {
  return grants.flatMap((grant) => {
    const creates = grant.actions.filter((action) => action.startsWith("sagemaker:Create"));
    const sid = `${sidPrefix}${pascalCase(grant.resourceType)}${grant.namePattern ? pascalCase(grant.namePattern) : ""}`;
    const resources = [sagemakerArn(ctx, grant.resourceType, grant.namePattern ?? jobNamePattern(prefix))];
    // Grants that list AddTags themselves (Clarify's shadow endpoint) keep it as they list it.
    const tagOnCreate =
      creates.length > 0 && !grant.actions.includes("sagemaker:AddTags")
        ? [
            allow(`${sid}TagOnCreate`, ["sagemaker:AddTags"], resources, {
              StringEquals: {
                "sagemaker:TaggingAction": creates.map((action) => action.replace("sagemaker:", "")),
              },
            }),
          ]
        : [];
    if (!guarded || !hasGuardrails(guarded.guardrails))
      return [allow(sid, grant.actions, resources), ...tagOnCreate];
    // The creating actions carry the guardrails' conditions, in a statement of their own: Describe
    // and Stop are requested without those keys and would be denied by them.
    const guardedCreates = grant.actions
      .filter((action) => guardedActions.includes(action))
      .map((action) => ({ action, ...guardrailConditions(guarded.catalog, action, guarded.guardrails) }))
      .filter(({ condition }) => Object.keys(condition).length > 0);
    const rest = grant.actions.filter(
      (action) => !guardedCreates.some((guardedCreate) => guardedCreate.action === action),
    );
    return [
      ...(rest.length > 0 ? [allow(sid, rest, resources)] : []),
      ...guardedCreates.map(({ action, condition }) =>
        allow(`${sid}${action.replace("sagemaker:", "")}Guarded`, [action], resources, condition),
      ),
      ...tagOnCreate,
    ];
  });
}

/**
 * Registering versioned packages into these model package groups (`model_package_group_name=`):
 * the groups by name, and their packages `model-package/<group>/*`. Both spellings, like
 * {@link pipelineSourceArns}: SageMaker writes model package ARNs in lower case.
 */
export function modelPackageGroupStatements(ctx: ArnContext, groups: readonly string[]): PolicyStatement[] {
  if (groups.length === 0) return [];
  const names = bothSpellings(groups);
  const { group, packages } = modelPackageGroupGrants;
  return [
    allow(
      "RegisterIntoModelPackageGroups",
      group.actions,
      names.map((name) => sagemakerArn(ctx, group.resourceType, name)),
    ),
    allow(
      "RegisterVersionedModelPackages",
      packages.actions,
      names.map((name) => sagemakerArn(ctx, packages.resourceType, `${name}/*`)),
    ),
  ];
}

/** Every SageMaker resource of the account and region (the generic confused-deputy source ARN). */
export function anySagemakerArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.accountId}:*`;
}

/**
 * The `aws:SourceArn` patterns of a role that `sources` assume, besides the ARNs in `others` (a
 * pipeline's): `<type>/*` for each job source. With `inference` among them, only the pattern AWS
 * prescribes for a model's endpoints, {@link anySagemakerArn}, which matches every other source of
 * the account and region as well.
 */
export function sourceArnPatterns(
  ctx: ArnContext,
  sources: readonly RoleSource[],
  others: readonly string[] = [],
): string[] {
  if (sources.includes("inference")) return [anySagemakerArn(ctx)];
  return [...others, ...[...new Set(sources)].map((type) => sagemakerArn(ctx, type, "*"))];
}

/**
 * Each name as written and in lower case, without duplicates: SageMaker writes some ARNs (pipelines,
 * their executions, model packages) in lower case, so a name with capitals needs both spellings.
 */
export function bothSpellings(names: readonly string[]): string[] {
  return [...new Set(names.flatMap((name) => [name, name.toLowerCase()]))];
}

/** ARNs `pipeline/<name><suffix>` of these pipelines, in both spellings ({@link bothSpellings}). */
export function pipelineArns(ctx: ArnContext, names: readonly string[], suffix = ""): string[] {
  return bothSpellings(names).map((name) => sagemakerArn(ctx, "pipeline", `${name}${suffix}`));
}

/** Source ARNs of these pipelines: the pipeline and its executions, in both spellings. */
export function pipelineSourceArns(ctx: ArnContext, names: readonly string[]): string[] {
  return bothSpellings(names).flatMap((name) => [
    sagemakerArn(ctx, "pipeline", name),
    sagemakerArn(ctx, "pipeline", `${name}/*`),
  ]);
}

/**
 * Trust of SageMaker, with SageMaker's documented confused-deputy conditions unless switched off:
 * the request must come from this account and from one of `sourceArns`.
 */
export function sagemakerTrust(
  ctx: ArnContext,
  sourceConditions: boolean,
  sourceArns: readonly string[],
): PolicyDocument {
  const condition: ConditionBlock | undefined = sourceConditions
    ? {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: { "aws:SourceArn": [...sourceArns].sort() },
      }
    : undefined;
  return policyDocument([trustServices("SageMaker", [sagemakerService], condition)]);
}

/**
 * The bucket the SageMaker Python SDK uploads code and writes outputs, model artifacts and JsonGet
 * files to unless the session is given `default_bucket=` (session.py `Session.default_bucket`).
 */
export function sdkDefaultBucketName(ctx: ArnContext): string {
  return `sagemaker-${ctx.region}-${ctx.accountId}`;
}

/**
 * Pipelines' Experiments integration (on unless the pipeline sets `pipeline_experiment_config=None`):
 * an experiment per pipeline, a trial per execution (named by its random id, so any trial), and each
 * job's trial component (`<job name>-aws-<kind>-job`) associated with it.
 */
export function experimentStatements(
  ctx: ArnContext,
  pipelineNames: readonly string[],
  jobPattern: string,
): PolicyStatement[] {
  const experiments = pipelineNames.length > 0 ? bothSpellings(pipelineNames) : ["*"];
  return [
    allow(
      "PipelineExperiments",
      ["sagemaker:AssociateTrialComponent", "sagemaker:CreateExperiment", "sagemaker:CreateTrial"],
      [
        ...experiments.map((name) => sagemakerArn(ctx, "experiment", name)),
        sagemakerArn(ctx, "experiment-trial", "*"),
        sagemakerArn(ctx, "experiment-trial-component", jobPattern),
      ],
    ),
  ];
}

/** Read and write objects of these buckets, and list them: a job's data access. */
export function s3DataStatements(
  ctx: ArnContext,
  buckets: readonly string[],
  sidPrefix = "Data",
): PolicyStatement[] {
  if (buckets.length === 0) return [];
  return [
    allow(
      `${sidPrefix}Objects`,
      ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
      buckets.map((bucket) => s3ObjectsArn(ctx, bucket)),
    ),
    allow(
      `${sidPrefix}Buckets`,
      ["s3:ListBucket", "s3:GetBucketLocation"],
      buckets.map((bucket) => s3BucketArn(ctx, bucket)),
    ),
  ];
}

/**
 * Where the jobs that run with a role come from: their names (for their log streams), their images
 * and their data. The execution role and the step roles take these as component arguments.
 */
export interface JobSources {
  /** The stack's job-name prefix; none: the default `pipelines-` names. */
  readonly jobPrefix?: string;
  /**
   * Prefixes of the teams whose jobs run with the role (they pass it). A job's log streams are
   * named `<job name>/...`, so the role writes only its own jobs' streams, not another team's.
   */
  readonly teamJobPrefixes?: readonly string[];
  /** Repositories of this account the jobs' images come from; default: every repository of the account. */
  readonly imageRepositories?: readonly string[];
  /** AWS image registry accounts for SageMaker's prebuilt images; default: the region's (awsImages.ts). */
  readonly awsImageAccounts?: readonly string[];
  /** Buckets the jobs read and write. */
  readonly s3Buckets?: readonly string[];
  /** Whether the jobs also use the SDK's default bucket ({@link sdkDefaultBucketName}). */
  readonly sdkDefaultBucket?: boolean;
}

/**
 * What any role a SageMaker job runs with needs: its logs, its container image, the metrics its
 * code publishes (in SageMaker namespaces only), and its data.
 */
export function jobRoleStatements(ctx: ArnContext, jobs: JobSources): PolicyStatement[] {
  const buckets = [...(jobs.s3Buckets ?? []), ...(jobs.sdkDefaultBucket ? [sdkDefaultBucketName(ctx)] : [])];
  return [
    ...jobRuntimeStatements(ctx, {
      jobNamePatterns: [jobs.jobPrefix, ...(jobs.teamJobPrefixes ?? [])].map(jobNamePattern),
      imageRepositories: jobs.imageRepositories,
      awsImageAccounts: jobs.awsImageAccounts ?? awsImageAccountsOf(ctx.region),
    }),
    ...s3DataStatements(ctx, sortedUnique(buckets)),
  ];
}

function jobRuntimeStatements(
  ctx: ArnContext,
  runtime: {
    jobNamePatterns: readonly string[];
    imageRepositories?: readonly string[];
    awsImageAccounts: readonly string[];
  },
): PolicyStatement[] {
  const logGroups = logGroupArn(ctx, "/aws/sagemaker/*");
  const ownRepositories = (runtime.imageRepositories ?? ["*"]).map((name) => ecrRepositoryArn(ctx, name));
  return [
    allow("JobLogGroups", ["logs:CreateLogGroup", "logs:DescribeLogStreams"], [logGroups]),
    allow(
      "JobLogStreams",
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      sortedUnique(runtime.jobNamePatterns).map((pattern) => `${logGroups}:log-stream:${pattern}`),
    ),
    // Metrics the job's code publishes; the namespace condition is the one AWS's own SageMaker
    // managed policies use. PutMetricData is requested without a resource, hence "*".
    allowOnAnyResource("JobMetrics", ["cloudwatch:PutMetricData"], undefined, {
      StringLike: { "cloudwatch:namespace": ["*SageMaker*", "*Sagemaker*", "*sagemaker*"] },
    }),
    // Custom images in this account's repositories, and SageMaker's prebuilt ones in AWS's registries.
    ...ecrPullStatements(ctx, "Job", [
      ...sortedUnique(ownRepositories),
      ...awsImageRepositoryArns(ctx, runtime.awsImageAccounts),
    ]),
  ];
}
