/**
 * Pulumi's mock runtime, recording what a program registers. Used by the tests and by the offline
 * plan: no Pulumi CLI, no cloud, no credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArnContext } from "../iam";

/** One registered resource as the engine would see it. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Mocks that answer the AWS invokes with a fixed context and record every registration. */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly registered: RegisteredResource[] = [];

  constructor(public context: ArnContext) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    this.registered.push({ type: args.type, name: args.name, inputs: args.inputs });
    const id = typeof args.inputs.name === "string" ? args.inputs.name : `${args.name}-id`;
    const state: Record<string, unknown> = { ...args.inputs, arn: this.arnOf(args.type, id, args.inputs) };
    // A remote component (awsx) registers no children under mocks: its outputs are what a deployment would give.
    if (args.type === "awsx:ecr:Repository") {
      const region = typeof args.inputs.region === "string" ? args.inputs.region : this.context.region;
      state.url = `${this.context.accountId}.dkr.ecr.${region}.amazonaws.com/${id}`;
    }
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const { accountId, partition, region } = this.context;
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId, arn: `arn:${partition}:iam::${accountId}:user/offline`, userId: "OFFLINE" };
      case "aws:index/getPartition:getPartition":
        return { partition, dnsSuffix: "amazonaws.com", id: partition };
      case "aws:index/getRegion:getRegion":
        return { region, name: region, id: region };
      default:
        throw new Error(`no mock for invoke ${args.token}`);
    }
  }

  /** Forget what was registered, so one process can build several stacks one after another. */
  reset(): void {
    this.registered.length = 0;
  }

  private arnOf(type: string, id: string, inputs: Record<string, unknown>): string {
    const { accountId, partition, region } = this.context;
    const path = typeof inputs.path === "string" ? inputs.path : "/";
    switch (type) {
      case "aws:iam/role:Role":
        return `arn:${partition}:iam::${accountId}:role${path}${id}`;
      case "aws:iam/policy:Policy":
        return `arn:${partition}:iam::${accountId}:policy${path}${id}`;
      case "aws:iam/instanceProfile:InstanceProfile":
        return `arn:${partition}:iam::${accountId}:instance-profile${path}${id}`;
      case "aws:sagemaker/mlflowApp:MlflowApp":
        // SageMaker assigns the id; a stable stand-in derived from the name.
        return `arn:${partition}:sagemaker:${region}:${accountId}:mlflow-app/app-${String(inputs.name)}`;
      case "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer":
        return `arn:${partition}:sagemaker:${region}:${accountId}:mlflow-tracking-server/${String(inputs.trackingServerName)}`;
      default:
        return `arn:${partition}:mock:${region}:${accountId}:${type}/${id}`;
    }
  }
}

/**
 * Waits until every registration the program started has reached the mocks. The runtime tracks
 * outstanding RPCs in `settings.waitForRPCs`, which its typings do not declare.
 */
export async function registrationsSettled(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** The mock engine's view: every registered resource's URN (the engine's identity of a resource). */
interface MockMonitor {
  readonly resources: Map<string, { state?: { name?: unknown } }>;
}

function mockMonitor(): MockMonitor | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown };
  const monitor = settings.getMonitor() as Partial<MockMonitor> | undefined;
  return monitor?.resources instanceof Map ? (monitor as MockMonitor) : undefined;
}

/**
 * The URNs registered since the last {@link forgetUrns}, without the `urn:pulumi:<stack>::<project>::`
 * head (`<parent type>$<type>::<name>`: what decides whether `pulumi up` replaces a resource), each
 * with its physical `name` input (the IAM name), or `""` for a resource without one.
 */
export function registeredUrns(): Record<string, string> {
  const monitor = mockMonitor();
  if (!monitor) throw new Error("registeredUrns: the mock runtime is not running");
  return Object.fromEntries(
    [...monitor.resources.entries()]
      .map(([urn, resource]): [string, string] => [
        urn.split("::").slice(2).join("::"),
        typeof resource.state?.name === "string" ? resource.state.name : "",
      ])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** Clears the mock engine's URNs, so the next stack built in this process is seen alone. */
export function forgetUrns(): void {
  mockMonitor()?.resources.clear();
}
