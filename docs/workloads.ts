/**
 * The MLflow page's table "client call → IAM action → which policy grants it", generated from the
 * workload tables the tests evaluate (`components/mlflow/workloads.ts`), so it cannot drift from
 * what is tested. It sits between `<!-- workloads:mlflow -->` and `<!-- /workloads -->`.
 */
import { mlflowWorkloads, Persona, WorkloadContext } from "../components/mlflow/workloads";

/** Which of the section's policies serves each persona's workloads (the tests check exactly this). */
const grantedBy: Readonly<Record<Persona, string>> = {
  read: "access policy `level: read` (and write, admin)",
  write: "access policy `level: write` (and admin), the service role, the `useMlflow` activity",
  admin: "access policy `level: admin`, the service role, the `useMlflow` activity",
  trackingServer: "the tracking-server role, the `awsServices` activity",
  serviceRole: "the service role, the `manageTrackingServers` activity",
  appUser: "the apps policy (`apps.attachTo*`)",
  appAdmin: "the service role with `apps.manage`",
  appRole: "the tracking-server role (apps run as it)",
  assumeRoleCaller: "the caller's own role (outside this stack)",
};

/** Names to render the workloads with: only the shape of each ARN matters in the table. */
const sample: WorkloadContext = {
  partition: "aws",
  region: "<region>",
  accountId: "<account>",
  trackingServer: "<server>",
  artifactBucket: "<bucket>",
  kmsKeyArn: "<key>",
  trackingServerRoleArn: "<tracking-server role>",
  registrySuffix: "<suffix>",
  appId: "<app>",
  assumeRoleArn: "<role>",
};

/** One row per client call: the workload's steps, their IAM actions, and the policy that grants them. */
export function workloadTable(): string {
  const rows = new Map<string, { actions: Set<string>; persona: Persona }>();
  for (const workload of mlflowWorkloads) {
    for (const request of workload.requests(sample)) {
      const key = `${workload.persona}\u0000${request.step}`;
      const row = rows.get(key) ?? { actions: new Set<string>(), persona: workload.persona };
      row.actions.add(request.action);
      rows.set(key, row);
    }
  }
  const lines = [...rows.entries()].map(([key, row]) => [
    key.split("\u0000")[1],
    [...row.actions]
      .sort()
      .map((action) => `\`${action}\``)
      .join(", "),
    grantedBy[row.persona],
  ]);
  const header = ["client call", "IAM actions", "granted by"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [format(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...lines.map(format)].join(
    "\n",
  );
}
