/**
 * The SageMaker Pipelines section: the pipeline execution role, optional step roles, job-prefix
 * access policies per team and the SCP exception for JsonGet. See docs/pipelines.md.
 */
import { configKey } from "../../config/read";
import { ArnContext, IamCatalog } from "../../iam";
import { componentSpec, Registered } from "../shared/component";
import { PlatformSettings } from "../shared/plan";
import { defineSection, SectionComponents } from "../shared/section";
import { PipelinesConfig, pipelinesConfigSchema } from "./config";
import { jobNamePattern, sdkDefaultBucketName } from "./documents";
import { PipelineExecutionRole, planExecutionRole, stepsRunWithExecutionRole } from "./executionRole";
import { pipelinesComponentNames } from "./names";
import { JobGuardrails, guardedActions, guardrailConditions, mergedGuardrails } from "./guardrails";
import { scpStatement } from "./scp";
import { PipelineStepRole, planStepRole } from "./stepRoles";
import { PipelineTeamPolicy, pipelineRoleArns, planTeamPolicy } from "./teamPolicies";
import {
  StepType,
  customPrefixOptIn,
  defaultJobPrefix,
  grantsFor,
  inTableOrder,
  stepTypes,
} from "./stepTypes";

export { PipelineExecutionRole, PipelineStepRole, PipelineTeamPolicy };
export type { PipelinesConfig };

/** A transform job runs with its model's role: whoever runs models runs the transforms too. */
function withTransforms(types: readonly StepType[]): StepType[] {
  return types.includes("model") ? [...types, "transform"] : [...types];
}

/** The components a config asks for, with their plans (pure). */
export function pipelinesComponents(
  config: PipelinesConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionComponents {
  // Jobs created under a team's guardrails run with the execution and step roles too.
  const teamGuardrails = config.teams.flatMap(
    (team) => mergedGuardrails(config.guardrails, team.guardrails) ?? [],
  );
  const allGuardrails = [...(config.guardrails ? [config.guardrails] : []), ...teamGuardrails];
  // Only step types that pass a role have step roles (config refuses the others).
  const stepRoleTypes = inTableOrder(Object.keys(config.stepRoles) as StepType[]).filter(
    (type) => stepTypes[type].passesRole,
  );
  // Teams that pass the pipeline roles create jobs that run with them, named with the team's prefix.
  const teamPrefixesRunning = (types: readonly StepType[]): string[] =>
    config.teams
      .filter((team) => team.passPipelineRoles && team.stepTypes.some((type) => types.includes(type)))
      .map((team) => team.prefix ?? defaultJobPrefix);
  const jobSources = {
    sdkDefaultBucket: config.sdkDefaultBucket,
    imageRepositories: config.imageRepositories,
    awsImageAccounts: config.awsImageAccounts,
  };
  const executionRole = componentSpec(
    {
      name: pipelinesComponentNames.executionRole,
      component: PipelineExecutionRole,
      plan: planExecutionRole,
      args: {
        settings,
        stepTypes: config.stepTypes,
        jobPrefix: config.jobPrefix,
        pipelineNames: config.pipelineNames,
        jsonGetBuckets: config.jsonGetBuckets,
        s3Buckets: config.s3Buckets,
        modelPackageGroups: config.modelPackageGroups,
        stepRoleTypes,
        principalTag: config.principalTag,
        sourceConditions: config.sourceConditions,
        guardrails: config.guardrails,
        otherGuardrails: teamGuardrails,
        teamJobPrefixes: teamPrefixesRunning(
          withTransforms(stepsRunWithExecutionRole(config.stepTypes, stepRoleTypes)),
        ),
        experiments: config.experiments,
        ...jobSources,
      },
    },
    catalog,
  );
  const stepRoles = stepRoleTypes.map(
    (stepType) =>
      [
        stepType,
        componentSpec(
          {
            name: pipelinesComponentNames.stepRole(stepType),
            component: PipelineStepRole,
            plan: planStepRole,
            args: {
              settings,
              stepType,
              s3Buckets: config.stepRoles[stepType]?.s3Buckets ?? [],
              jobPrefix: config.jobPrefix,
              sourceConditions: config.sourceConditions,
              guardrails: allGuardrails,
              teamJobPrefixes: teamPrefixesRunning(withTransforms([stepType])),
              ...jobSources,
            },
          },
          catalog,
        ),
      ] as const,
  );
  const teams = [...config.teams]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      (team) =>
        [
          team.name,
          componentSpec(
            {
              name: pipelinesComponentNames.team(team.name),
              component: PipelineTeamPolicy,
              plan: planTeamPolicy,
              args: {
                settings,
                team: team.name,
                prefix: team.prefix,
                stepTypes: team.stepTypes,
                pipelineNames: team.pipelineNames,
                passRoleArns: team.passPipelineRoles ? pipelineRoleArns(settings, stepRoleTypes) : [],
                attachTo: {
                  roles: team.attachToRoles,
                  groups: team.attachToGroups,
                  users: team.attachToUsers,
                },
                guardrails: mergedGuardrails(config.guardrails, team.guardrails),
                managePipelines: team.managePipelines,
                sdkDefaultBucket: config.sdkDefaultBucket,
              },
            },
            catalog,
          ),
        ] as const,
    );
  const scp = scpStatement(settings.arn, {
    jsonGetBuckets: [
      ...config.jsonGetBuckets,
      ...(config.sdkDefaultBucket ? [sdkDefaultBucketName(settings.arn)] : []),
    ],
    principalTag: config.principalTag,
    sourceVpcIds: config.scpSourceVpcIds,
  });
  return {
    problems: guardrailKeyProblems(settings.arn, config),
    components: [executionRole, ...stepRoles.map(([, spec]) => spec), ...teams.map(([, spec]) => spec)],
    outputs: (registered: Registered) => ({
      executionRoleArn: registered(executionRole).roleArn,
      stepRoleArns: Object.fromEntries(stepRoles.map(([type, spec]) => [type, registered(spec).roleArn])),
      teamPolicyArns: Object.fromEntries(teams.map(([team, spec]) => [team, registered(spec).policyArns])),
      principalTag: config.principalTag,
      scpStatement: scp ? JSON.stringify(scp, undefined, 2) : undefined,
      jobNamePattern: jobNamePattern(config.jobPrefix),
      sdkArguments: sdkArguments(config.stepTypes, config.jobPrefix),
      pipelineDefinitionConfig: config.jobPrefix
        ? customPrefixOptIn
        : "PipelineDefinitionConfig(use_custom_job_prefix=False) (the default): jobs are named pipelines-...",
      guardrailGaps: guardrailGaps(catalog, config),
      teamSdkArguments: Object.fromEntries(
        config.teams.map((team) => [team.name, sdkArguments(team.stepTypes, team.prefix)]),
      ),
    }),
  };
}

/**
 * Per job-creating action of the enabled step types, the guardrails IAM cannot enforce on it (the
 * catalog gives the action no such key): what the plan must say rather than silently skip.
 */
export function guardrailGaps(
  catalog: IamCatalog,
  config: PipelinesConfig,
): Record<string, string[]> | undefined {
  const creators: [JobGuardrails | undefined, readonly StepType[]][] = [
    [config.guardrails, config.stepTypes],
    ...config.teams.map((team): [JobGuardrails | undefined, readonly StepType[]] => [
      mergedGuardrails(config.guardrails, team.guardrails),
      team.stepTypes,
    ]),
  ];
  const gaps: Record<string, Set<string>> = {};
  for (const [guardrails, types] of creators) {
    if (!guardrails) continue;
    const actions = grantsFor(types, { childJobs: false }).flatMap((grant) =>
      grant.actions.filter((action) => guardedActions.includes(action)),
    );
    for (const action of actions) {
      for (const missing of guardrailConditions(catalog, action, guardrails).missing) {
        (gaps[action] ??= new Set()).add(missing);
      }
    }
  }
  const entries = Object.entries(gaps).sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0
    ? Object.fromEntries(entries.map(([action, names]) => [action, [...names].sort()]))
    : undefined;
}

/** Keys of another partition or region cannot encrypt this stack's jobs (KMS keys are regional). */
function guardrailKeyProblems(ctx: ArnContext, config: PipelinesConfig): string[] {
  const located: [PropertyKey[], JobGuardrails | undefined][] = [
    [["pipelines", "guardrails"], config.guardrails],
    ...config.teams.map((team, index): [PropertyKey[], JobGuardrails | undefined] => [
      ["pipelines", "teams", index, "guardrails"],
      team.guardrails,
    ]),
  ];
  return located.flatMap(([path, guardrails]) =>
    (["volumeKmsKeyArn", "outputKmsKeyArn"] as const).flatMap((field) => {
      const arn = guardrails?.[field];
      if (!arn) return [];
      const [, partition, , region] = arn.split(":");
      if (partition === ctx.partition && region === ctx.region) return [];
      return [
        `${configKey([...path, field])}: expected a key of the stack's partition ${ctx.partition} and region ${ctx.region}, got "${arn}"`,
      ];
    }),
  );
}

/** Per enabled step type, the SageMaker Python SDK argument that must carry the prefix. */
export function sdkArguments(
  stepTypeList: readonly StepType[],
  prefix: string | undefined,
): Record<string, string> {
  return Object.fromEntries(
    inTableOrder(stepTypeList).map((type) => [
      type,
      prefix
        ? stepTypes[type].sdkArgument.replaceAll("...", JSON.stringify(prefix))
        : `${stepTypes[type].sdkArgument} not needed: prefixing is off, jobs are named ${defaultJobPrefix}-...`,
    ]),
  );
}

export const pipelinesSection = defineSection({
  key: "pipelines",
  schema: pipelinesConfigSchema,
  components: pipelinesComponents,
});
