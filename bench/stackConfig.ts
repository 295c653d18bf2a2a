// A stack file's config as the Pulumi engine hands it to the program: the `PULUMI_CONFIG` variable.
import { readStackFile } from "../offline/plan";

/** `PULUMI_CONFIG` for `Pulumi.<stack>.yaml`: every key, structured values as JSON strings. */
export function engineConfigEnv(directory: string, stack: string): Record<string, string> {
  const config = Object.fromEntries(
    Object.entries(readStackFile(directory, stack)).map(([key, value]) => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ]),
  );
  return { PULUMI_CONFIG: JSON.stringify(config) };
}
