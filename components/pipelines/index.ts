/**
 * The SageMaker Pipelines section: the pipeline execution role, optional step roles, job-prefix
 * access policies per team and the SCP exception for JsonGet. See docs/pipelines.md.
 */
import { IamCatalog } from "../../iam";
import { componentSpec, Registered } from "../shared/component";
import { PlatformSettings } from "../shared/plan";
import { defineSection, SectionComponents } from "../shared/section";
import { PipelinesConfig, pipelinesConfigSchema } from "./config";
import { jobNamePattern } from "./documents";
import { PipelineExecutionRole, planExecutionRole } from "./executionRole";
import { pipelinesComponentNames } from "./names";
import { scpStatement } from "./scp";
import { PipelineStepRole, planStepRole } from "./stepRoles";
import { PipelineTeamPolicy, pipelineRoleArns, planTeamPolicy } from "./teamPolicies";
import { StepType, customPrefixOptIn, defaultJobPrefix, inTableOrder, stepTypes } from "./stepTypes";

export { PipelineExecutionRole, PipelineStepRole, PipelineTeamPolicy };
export type { PipelinesConfig };

/** The components a config asks for, with their plans (pure). */
export function pipelinesComponents(
  config: PipelinesConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionComponents {
  // Only step types that pass a role have step roles (config refuses the others).
  const stepRoleTypes = inTableOrder(Object.keys(config.stepRoles) as StepType[]).filter(
    (type) => stepTypes[type].passesRole,
  );
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
              },
            },
            catalog,
          ),
        ] as const,
    );
  const scp = scpStatement(settings.arn, {
    jsonGetBuckets: config.jsonGetBuckets,
    principalTag: config.principalTag,
    sourceVpcIds: config.scpSourceVpcIds,
  });
  return {
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
      teamSdkArguments: Object.fromEntries(
        config.teams.map((team) => [team.name, sdkArguments(team.stepTypes, team.prefix)]),
      ),
    }),
  };
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
        ? stepTypes[type].sdkArgument.replace("...", JSON.stringify(prefix))
        : `${stepTypes[type].sdkArgument} not needed: prefixing is off, jobs are named ${defaultJobPrefix}-...`,
    ]),
  );
}

export const pipelinesSection = defineSection({
  key: "pipelines",
  schema: pipelinesConfigSchema,
  components: pipelinesComponents,
});
