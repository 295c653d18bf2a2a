/** The component tree the offline plan prints with `--tree`: each component and what it owns. */
import { RegisteredResource } from "./mocks";

/** Type tokens of the program's own components (`mlops-iam:index:<Component>`). */
const componentTypePrefix = "mlops-iam:index:";

/**
 * Components and their children, one line each. The mock runtime does not report parents, but
 * every child's Pulumi name is or starts with its component's (`<component>-role`,
 * `<component>-policy-role-<name>`), the naming rule the components follow so that names stay
 * unique and stable. A child belongs to the component with the longest such name.
 *
 * Linear in the number of resources: each name is looked up at its own hyphens, from the longest
 * head to the shortest, rather than against every component (1,000 teams register 3,000 resources).
 *
 * @param registered - every resource the stack registered, in registration order
 */
export function componentTree(registered: readonly RegisteredResource[]): string[] {
  const components = registered.filter((resource) => resource.type.startsWith(componentTypePrefix));
  const byName = new Map(components.map((component) => [component.name, component]));
  const children = new Map(components.map((component) => [component, [] as RegisteredResource[]]));
  const orphans: RegisteredResource[] = [];
  for (const resource of registered) {
    if (resource.type.startsWith(componentTypePrefix)) continue;
    const owner = ownerOf(resource.name, byName);
    if (owner) children.get(owner)?.push(resource);
    else orphans.push(resource);
  }
  const lines: string[] = [];
  for (const component of components) {
    lines.push(`  ${component.type.slice(componentTypePrefix.length)} ${component.name}`);
    for (const child of children.get(component) ?? []) lines.push(`    ${label(child)}`);
  }
  return [...lines, ...orphans.map((resource) => `  ${label(resource)}`)];
}

/** The component whose name is the longest head of `name` that ends at a hyphen (or is all of it). */
function ownerOf(
  name: string,
  components: ReadonlyMap<string, RegisteredResource>,
): RegisteredResource | undefined {
  let head = name;
  for (;;) {
    const owner = components.get(head);
    if (owner) return owner;
    const hyphen = head.lastIndexOf("-");
    if (hyphen < 0) return undefined;
    head = head.slice(0, hyphen);
  }
}

/** `Role acme-dev-pipeline-exec`: the type's last part and the physical name, else the Pulumi name. */
function label(resource: RegisteredResource): string {
  const name = typeof resource.inputs.name === "string" ? resource.inputs.name : resource.name;
  return `${resource.type.split(":").pop()} ${name}`;
}
