/** IAM and Pulumi names of the Pipelines section: from config names only, never list positions. */
import { iamName, kebabCase, roleName } from "../shared/naming";
import { StepType } from "./stepTypes";

/** `<namePrefix>-pipeline-exec`. */
export function executionRoleName(namePrefix: string): string {
  return roleName(namePrefix, "pipelineExecution");
}

/** `<namePrefix>-step-<kebab step type>`, e.g. `acme-dev-step-register-model`. */
export function stepRoleName(namePrefix: string, stepType: StepType): string {
  return iamName(namePrefix, "step", kebabCase(stepType));
}

/** `<namePrefix>-pipelines-team-<team>`. */
export function teamPolicyName(namePrefix: string, team: string): string {
  return iamName(namePrefix, "pipelines-team", team);
}

/** Pulumi resource names of the components. */
export const pipelinesComponentNames = {
  executionRole: "pipeline-exec",
  stepRole: (stepType: StepType) => `pipeline-step-${kebabCase(stepType)}`,
  team: (team: string) => `pipelines-team-${team}`,
};
