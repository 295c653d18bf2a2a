/** The mlflow section of the stack. */
import { StackSection } from "../shared/section";
import { MlflowConfig } from "./config";

// Placeholder until the mlflow components land.
export const mlflowSection: StackSection<MlflowConfig> = {
  plan: () => ({ roles: [], policies: [] }),
  deploy: () => ({}),
};
