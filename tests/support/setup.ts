/**
 * Loaded by mocha before any test file (.mocharc.json): sets Pulumi's mocks once for the whole
 * suite, since a second `setMocks` would replace the first for every file loaded before it.
 */
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks } from "../../offline/mocks";

/** The account and region every test stack deploys to. */
export const testContext = { partition: "aws", region: "us-east-1", accountId: "123456789012" } as const;

export const mocks = new RecordingMocks(testContext);

void pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false);
