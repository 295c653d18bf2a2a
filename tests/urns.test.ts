import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { forgetUrns, registeredUrns } from "../offline/mocks";
import { offlineContext, readStackFile } from "../offline/plan";
import { stackFileConfig } from "./support/config";
import { buildTestStack } from "./support/stack";

/**
 * The URN of every resource of the shipped stacks, as deployed environments know them. A changed
 * URN is a replaced (deleted and re-created) role or policy at the next `pulumi up`, so a refactor
 * must keep every one, or move it with `aliases`. `UPDATE_URN_SNAPSHOT=1 npm test` rewrites the
 * snapshot, for a change that means to add or remove resources. IAM names are checked beside
 * them: a changed name replaces the resource too.
 */
const snapshotFile = join(__dirname, "snapshots", "urns.json");

describe("resource identities (URNs)", () => {
  it("stay exactly those of the deployed dev and prod stacks", async () => {
    const urns: Record<string, Record<string, string>> = {};
    for (const stack of ["dev", "prod"]) {
      forgetUrns();
      // Each stack in the region and account its file pins, as the offline plan renders it.
      const context = offlineContext({}, readStackFile(join(__dirname, ".."), stack));
      await buildTestStack(stackFileConfig(stack), context);
      urns[stack] = registeredUrns();
      assert.ok(Object.keys(urns[stack]).length > 20, `the ${stack} stack registers its resources`);
    }
    if (process.env.UPDATE_URN_SNAPSHOT) writeFileSync(snapshotFile, `${JSON.stringify(urns, null, 2)}\n`);
    const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8")) as typeof urns;
    for (const stack of Object.keys(snapshot)) {
      const [now, then] = [urns[stack], snapshot[stack]];
      const added = Object.keys(now).filter((urn) => !(urn in then));
      const removed = Object.keys(then).filter((urn) => !(urn in now));
      const renamed = Object.keys(then).filter((urn) => urn in now && now[urn] !== then[urn]);
      assert.deepEqual(
        { added, removed, renamed },
        { added: [], removed: [], renamed: [] },
        `${stack}: resource identities changed (a removed URN or a renamed IAM name is a resource pulumi up would replace)`,
      );
    }
  });
});
