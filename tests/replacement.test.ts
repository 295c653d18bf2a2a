// How IAM resources are replaced when they must be (components/shared/resources.ts): a policy or an
// attachment has a fixed IAM identity, so the old one goes first. Resource options do not reach the
// mocks' newResource, so the test reads them from the registration requests the mock monitor gets.
import { strict as assert } from "node:assert";
import { stackFileConfig } from "./support/config";
import { buildTestStack } from "./support/stack";

/** The part of a registration request (the SDK's protobuf RegisterResourceRequest) the test reads. */
interface RegistrationRequest {
  getType(): string;
  getName(): string;
  getDeletebeforereplace(): boolean;
}

/** The mock monitor the SDK registers with under mocks; its typings do not declare it. */
interface MockMonitor {
  registerResource(request: RegistrationRequest, callback: unknown): Promise<unknown>;
}

describe("replacing IAM resources with fixed names", () => {
  const deleteFirst = new Map<string, boolean>();
  before(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MockMonitor };
    const monitor = settings.getMonitor();
    const register = monitor.registerResource;
    monitor.registerResource = function (request, callback) {
      deleteFirst.set(`${request.getType()}::${request.getName()}`, request.getDeletebeforereplace());
      return register.call(this, request, callback);
    };
    try {
      await buildTestStack(stackFileConfig("dev"));
    } finally {
      monitor.registerResource = register;
    }
  });

  const ofType = (type: string) => [...deleteFirst].filter(([key]) => key.startsWith(`${type}::`));

  it("deletes a managed policy before creating its replacement (same name), and so its attachments", () => {
    const policies = ofType("aws:iam/policy:Policy");
    assert.ok(policies.length >= 10, `${policies.length} policies`);
    for (const [key, first] of policies) assert.equal(first, true, key);
    const attachments = ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    assert.ok(attachments.length > 0);
    for (const [key, first] of attachments) assert.equal(first, true, key);
  });
});
