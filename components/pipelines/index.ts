/** The pipelines section of the stack. */
import { StackSection } from "../shared/section";
import { PipelinesConfig } from "./config";

// Placeholder until the pipelines components land.
export const pipelinesSection: StackSection<PipelinesConfig> = {
  plan: () => ({ roles: [], policies: [] }),
  deploy: () => ({}),
};
