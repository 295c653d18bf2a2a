/**
 * Step 5 of Databricks' page, optional: register the instance profile in the workspace, through an
 * explicit Databricks provider whose host and token come from the stack's `databricks:*` config.
 */
import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../config/read";
import { DatabricksConfig } from "./config";

/** Where the workspace's provider config lives: the Databricks provider's own config keys. */
export const workspaceHostKey = "databricks:host";
export const workspaceTokenKey = "databricks:token";

/** How to reach the workspace: its URL and a token (a secret). */
export interface WorkspaceConnection {
  readonly host?: string;
  readonly token?: pulumi.Output<string>;
}

/** Reads `databricks:host` and `databricks:token` from the stack config; either may be missing. */
export function readWorkspaceConnection(): WorkspaceConnection {
  const config = new pulumi.Config("databricks");
  return { host: config.get("host"), token: config.getSecret("token") };
}

/** The problems with the workspace connection for this config, each naming its key. */
export function workspaceConnectionProblems(
  config: DatabricksConfig,
  connection: WorkspaceConnection,
): string[] {
  if (!config.registerInWorkspace) return [];
  const because = "because mlops-iam:databricks.registerInWorkspace is true";
  const problems: string[] = [];
  if (connection.host === undefined) {
    problems.push(
      `${workspaceHostKey}: expected the workspace URL (pulumi config set ${workspaceHostKey} https://<workspace>.cloud.databricks.com) ${because}, got nothing`,
    );
  } else if (!/^https:\/\/[^\s/]+\/?$/.test(connection.host)) {
    problems.push(
      `${workspaceHostKey}: expected the workspace URL, https://<workspace>.cloud.databricks.com, got ${JSON.stringify(connection.host)}`,
    );
  }
  if (connection.token === undefined) {
    problems.push(
      `${workspaceTokenKey}: expected a workspace admin's access token as a secret (pulumi config set --secret ${workspaceTokenKey} <token>) ${because}, got nothing`,
    );
  }
  return problems;
}

/**
 * The connection when this config registers the instance profile, `undefined` when it does not;
 * throws a {@link ConfigError} naming every missing key.
 */
export function requireWorkspaceConnection(
  config: DatabricksConfig,
  connection: WorkspaceConnection = readWorkspaceConnection(),
): Required<WorkspaceConnection> | undefined {
  const problems = workspaceConnectionProblems(config, connection);
  if (problems.length > 0) throw new ConfigError(problems);
  const { host, token } = connection;
  return config.registerInWorkspace && host !== undefined && token !== undefined
    ? { host, token }
    : undefined;
}

export interface DatabricksInstanceProfileRegistrationArgs {
  /** The instance profile to register (`arn:<partition>:iam::<account>:instance-profile/<name>`); required. */
  readonly instanceProfileArn: pulumi.Input<string>;
  /** The workspace URL, e.g. `https://dbc-1234.cloud.databricks.com`; required. */
  readonly host: pulumi.Input<string>;
  /** A workspace admin's access token; required, kept secret. */
  readonly token: pulumi.Input<string>;
  /** Skip Databricks' dry-run launch that validates the profile; default `false`. */
  readonly skipValidation?: boolean;
}

/**
 * The instance profile registered in the workspace, so clusters can be launched with it (the
 * admin console's Security → Instance profiles → Add). Depend on the workspace role's PassRole
 * policy: Databricks validates the profile by launching with it through that role.
 */
export class DatabricksInstanceProfileRegistration extends pulumi.ComponentResource {
  /** The workspace's id of the registered instance profile. */
  readonly instanceProfileId: pulumi.Output<string>;

  constructor(
    name: string,
    args: DatabricksInstanceProfileRegistrationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("mlops-iam:index:DatabricksInstanceProfileRegistration", name, {}, opts);
    const provider = new databricks.Provider(
      `${name}-workspace`,
      { host: args.host, token: pulumi.secret(args.token) },
      { parent: this },
    );
    const registered = new databricks.InstanceProfile(
      `${name}-registration`,
      { instanceProfileArn: args.instanceProfileArn, skipValidation: args.skipValidation ?? false },
      { parent: this, provider },
    );
    this.instanceProfileId = registered.id;
    this.registerOutputs({ instanceProfileId: this.instanceProfileId });
  }
}
