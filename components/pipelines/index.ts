/**
 * The SageMaker Pipelines section: the pipeline execution role, optional step roles, job-prefix
 * access policies per team and the SCP exception for JsonGet. `planPipelines` is the one pure plan;
 * the components build their own part of it from the same arguments.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, PolicyStatement } from "../../iam";
import { PlatformSettings, PolicyPlan, RolePlan } from "../shared/plan";
import { SectionPlan, StackSection } from "../shared/section";
import { PipelinesConfig } from "./config";
import { jobNamePattern } from "./documents";
import { PipelineExecutionRole, PipelineExecutionRoleArgs, planExecutionRole } from "./executionRole";
import { pipelinesComponentNames } from "./names";
import { scpStatement } from "./scp";
import { PipelineStepRole, PipelineStepRoleArgs, planStepRole } from "./stepRoles";
import { PipelineTeamPolicy, PipelineTeamPolicyArgs, pipelineRoleArns, planTeamPolicy } from "./teamPolicies";
import { StepType, customPrefixOptIn, defaultJobPrefix, inTableOrder, stepTypes } from "./stepTypes";

export { PipelineExecutionRole, PipelineStepRole, PipelineTeamPolicy };
export type { PipelinesConfig };

/** Everything the section creates, by component, as data. */
export interface PipelinesPlan extends SectionPlan {
  readonly executionRole: RolePlan;
  readonly stepRoles: Readonly<Partial<Record<StepType, RolePlan>>>;
  readonly teamPolicies: Readonly<Record<string, PolicyPlan>>;
  /** The SCP statement to paste, when JsonGet reads buckets. */
  readonly scpStatement?: PolicyStatement;
}

/** Each component's name and arguments: what both the plan and the deployment are built from. */
interface ComponentArgs {
  readonly executionRole: PipelineExecutionRoleArgs;
  readonly stepRoles: readonly [StepType, PipelineStepRoleArgs][];
  readonly teams: readonly [string, PipelineTeamPolicyArgs][];
}

function componentArgs(config: PipelinesConfig, settings: PlatformSettings): ComponentArgs {
  // Only step types that pass a role have step roles (config refuses the others).
  const stepRoleTypes = inTableOrder(Object.keys(config.stepRoles) as StepType[]).filter(
    (type) => stepTypes[type].passesRole,
  );
  return {
    executionRole: {
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
    stepRoles: stepRoleTypes.map((stepType) => [
      stepType,
      {
        settings,
        stepType,
        s3Buckets: config.stepRoles[stepType]?.s3Buckets ?? [],
        jobPrefix: config.jobPrefix,
        sourceConditions: config.sourceConditions,
      },
    ]),
    teams: [...config.teams]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((team) => [
        team.name,
        {
          settings,
          team: team.name,
          prefix: team.prefix,
          stepTypes: team.stepTypes,
          pipelineNames: team.pipelineNames,
          passRoleArns: team.passPipelineRoles ? pipelineRoleArns(settings, stepRoleTypes) : [],
          attachToRoles: team.attachToRoles,
          attachToGroups: team.attachToGroups,
          attachToUsers: team.attachToUsers,
        },
      ]),
  };
}

/** Pure: every role and policy of the section for this config. */
export function planPipelines(
  config: PipelinesConfig,
  settings: PlatformSettings,
  _catalog?: IamCatalog,
): PipelinesPlan {
  const args = componentArgs(config, settings);
  const executionRole = planExecutionRole(pipelinesComponentNames.executionRole, args.executionRole);
  const stepRoles = Object.fromEntries(
    args.stepRoles.map(([type, stepArgs]) => [
      type,
      planStepRole(pipelinesComponentNames.stepRole(type), stepArgs),
    ]),
  ) as Partial<Record<StepType, RolePlan>>;
  const teamPolicies = Object.fromEntries(
    args.teams.map(([team, teamArgs]) => [
      team,
      planTeamPolicy(pipelinesComponentNames.team(team), teamArgs),
    ]),
  );
  return {
    roles: [executionRole, ...Object.values(stepRoles)],
    policies: Object.values(teamPolicies),
    executionRole,
    stepRoles,
    teamPolicies,
    scpStatement: scpStatement(settings.arn, {
      jsonGetBuckets: config.jsonGetBuckets,
      principalTag: config.principalTag,
      sourceVpcIds: config.scpSourceVpcIds,
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

export const pipelinesSection: StackSection<PipelinesConfig> = {
  plan: planPipelines,
  deploy(config, settings, catalog) {
    const plan = planPipelines(config, settings, catalog);
    const args = componentArgs(config, settings);
    const executionRole = new PipelineExecutionRole(
      pipelinesComponentNames.executionRole,
      args.executionRole,
    );
    const stepRoles = args.stepRoles.map(
      ([type, stepArgs]) =>
        [type, new PipelineStepRole(pipelinesComponentNames.stepRole(type), stepArgs)] as const,
    );
    const teams = args.teams.map(
      ([team, teamArgs]) =>
        [team, new PipelineTeamPolicy(pipelinesComponentNames.team(team), teamArgs)] as const,
    );
    return {
      executionRoleArn: executionRole.roleArn,
      stepRoleArns: Object.fromEntries(stepRoles.map(([type, role]) => [type, role.roleArn])),
      teamPolicyArns: Object.fromEntries(teams.map(([team, policy]) => [team, policy.arns])),
      principalTag: config.principalTag,
      scpStatement: plan.scpStatement ? JSON.stringify(plan.scpStatement, undefined, 2) : undefined,
      jobNamePattern: jobNamePattern(config.jobPrefix),
      sdkArguments: sdkArguments(config.stepTypes, config.jobPrefix),
      pipelineDefinitionConfig: config.jobPrefix
        ? customPrefixOptIn
        : "PipelineDefinitionConfig(use_custom_job_prefix=False) (the default): jobs are named pipelines-...",
      teamSdkArguments: Object.fromEntries(
        config.teams.map((team) => [team.name, sdkArguments(team.stepTypes, team.prefix)]),
      ),
    } satisfies Record<string, pulumi.Input<unknown>>;
  },
};
