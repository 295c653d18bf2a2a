/**
 * The config namespaces of a stack besides the project's own: the providers the program uses (`aws:`,
 * `databricks:`) and Pulumi's (`pulumi:`). A provider's keys come from its SDK (`<package>/config/vars`),
 * so a key the installed provider reads is never refused, and a misspelt one (`aws:regoin`) is named
 * with the key it was meant to be instead of being silently ignored by the provider.
 */
import { closest, distance } from "fastest-levenshtein";

/** The Pulumi project name, and so the namespace of every key the program reads. */
export const projectName = "mlops-iam";

/** Namespaces whose keys are known: each provider's keys, as its Node SDK reads them. */
const providerKeys: Readonly<Record<string, () => readonly string[]>> = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  aws: () => Object.keys(require("@pulumi/aws/config/vars")),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  databricks: () => Object.keys(require("@pulumi/databricks/config/vars")),
};

/**
 * Namespaces that are fine without checking their keys: Pulumi's own (`pulumi:tags`,
 * `pulumi:disable-default-providers`) and awsx, which reads no config but shares the program.
 */
const uncheckedNamespaces = ["pulumi", "awsx"];

/** Every namespace a stack of this program may use. */
export const knownNamespaces = [projectName, ...Object.keys(providerKeys), ...uncheckedNamespaces];

/** What is wrong with the keys of other namespaces: errors for providers' keys, warnings otherwise. */
export interface NamespaceFindings {
  readonly problems: string[];
  readonly warnings: string[];
}

/**
 * Checks every key that is not the project's. A provider key the provider does not read is an
 * error (the setting it was meant for would silently not apply). A namespace nobody reads is a
 * warning, since Pulumi allows any namespace (another tool may read it), with the namespace it was
 * probably meant to be.
 */
export function namespaceFindings(fullKeys: readonly string[]): NamespaceFindings {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const fullKey of fullKeys) {
    const separator = fullKey.indexOf(":");
    if (separator < 0) continue;
    const namespace = fullKey.slice(0, separator);
    const key = fullKey.slice(separator + 1);
    if (namespace === projectName || uncheckedNamespaces.includes(namespace)) continue;
    const keysOf = Object.hasOwn(providerKeys, namespace) ? providerKeys[namespace] : undefined;
    if (keysOf) {
      const known = keysOf();
      if (!known.includes(key)) {
        problems.push(
          `${fullKey}: expected a key the ${namespace} provider reads, got ${key}${didYouMean(key, known, `${namespace}:`)}`,
        );
      }
      continue;
    }
    const nearest = closest(namespace.toLowerCase(), knownNamespaces);
    const hint = distance(namespace.toLowerCase(), nearest) <= 2 ? `; did you mean ${nearest}:${key}?` : "";
    warnings.push(
      `${fullKey}: namespace ${namespace} is read neither by this program nor by its providers (${knownNamespaces.join(", ")}), so this key does nothing${hint}`,
    );
  }
  return { problems, warnings };
}

function didYouMean(key: string, known: readonly string[], prefix: string): string {
  const nearest = closest(key, [...known]);
  return distance(key.toLowerCase(), nearest.toLowerCase()) <= 3 ? `; did you mean ${prefix}${nearest}?` : "";
}
