/**
 * The one way a component is built. A component's IAM is planned by a pure function of its name and
 * args; the constructor obtains the validated plan *before* `super()` (so bad args register
 * nothing, not even the component) and registers it after.
 *
 * On the stack path the stack has already planned and validated every component together, and
 * hands each constructor its plan ({@link ComponentSpec}), so nothing is planned or validated twice.
 * A component constructed directly (from another program, or another language through the
 * component package) plans and validates its own args.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, iamCatalog } from "../../iam";
import { assertValidPlans, ComponentPlan, logPlanned, PlatformSettings, PolicyPlan, RolePlan } from "./plan";
import { createPolicy, createRole } from "./resources";

/** What a component's plan function returns: its role, its policy, or its policies. */
export type Planned = RolePlan | PolicyPlan | readonly PolicyPlan[];

/** A component's plan function: pure, registers nothing, throws a PlanError on bad args. */
export type PlanFunction<A, P extends Planned> = (name: string, args: A, catalog: IamCatalog) => P;

/** The roles and policies of a plan function's result. */
export function componentPlanOf(planned: Planned): ComponentPlan {
  if (isRolePlan(planned)) return { roles: [planned], policies: [] };
  return { roles: [], policies: Array.isArray(planned) ? planned : [planned as PolicyPlan] };
}

function isRolePlan(planned: Planned): planned is RolePlan {
  return !Array.isArray(planned) && "trust" in planned;
}

/** Plans the stack validated, by the args object they were planned from (see {@link ComponentSpec}). */
const validatedPlans = new WeakMap<object, Planned>();

/**
 * For a constructor, before `super()`: the plan of these args, validated. The stack's own plan when
 * the stack registers the component; otherwise planned and checked against the catalog now.
 */
export function validatedPlan<A extends { readonly settings: PlatformSettings }, P extends Planned>(
  name: string,
  args: A,
  plan: PlanFunction<A, P>,
): P {
  const handed = validatedPlans.get(args);
  if (handed) return handed as P;
  const catalog = iamCatalog();
  const planned = plan(name, args, catalog);
  const plans = componentPlanOf(planned);
  logPlanned(plans);
  assertValidPlans(plans, args.settings, catalog);
  return planned;
}

/** The outputs every role component has. */
export interface RoleOutputs {
  /** The role ARN, resolved once its policies are attached. */
  readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  readonly roleName: pulumi.Output<string>;
  /** ARNs of the role's own managed policies. */
  readonly policyArns: pulumi.Output<string[]>;
}

/**
 * For a role component, after `super()`: registers the planned role as children of `component`,
 * registers the component's outputs (with `extra` ones), and returns them.
 */
export function registerRoleComponent(
  component: pulumi.ComponentResource,
  plan: RolePlan,
  settings: PlatformSettings,
  extra: (created: ReturnType<typeof createRole>) => Record<string, pulumi.Output<unknown>> = () => ({}),
): RoleOutputs & Record<string, pulumi.Output<unknown>> {
  const created = createRole(component, plan, settings);
  const outputs = {
    roleArn: created.arn,
    roleName: created.name,
    policyArns: created.policyArns,
    ...extra(created),
  };
  Object.assign(component, outputs);
  component["registerOutputs"](outputs);
  return outputs;
}

/** The output every single-policy component has. */
export interface PolicyOutputs {
  /** ARNs of the policy's parts (one unless it outgrows IAM's managed-policy size). */
  readonly policyArns: pulumi.Output<string[]>;
}

/** For a policy component, after `super()`: registers the planned policy and its attachments. */
export function registerPolicyComponent(
  component: pulumi.ComponentResource,
  plan: PolicyPlan,
  settings: PlatformSettings,
): PolicyOutputs {
  const outputs = { policyArns: createPolicy(component, plan, settings).policyArns };
  Object.assign(component, outputs);
  component["registerOutputs"](outputs);
  return outputs;
}

/** The components registered so far, by their spec (a later component may take an earlier's outputs). */
export type Registered = <R>(spec: ComponentSpec<R>) => R;

/** A component the stack will register: its name, its validated plan and how to construct it. */
export interface ComponentSpec<R = pulumi.ComponentResource> {
  /** Pulumi name, unique in the stack. */
  readonly name: string;
  /** What it registers in IAM. */
  readonly plans: ComponentPlan;
  /** Constructs the component, handing it its plan. */
  register(registered: Registered): R;
}

/** How to register a component whose plan function is `plan`. */
export interface ComponentSpecInput<A, P extends Planned, R> {
  readonly name: string;
  readonly args: A;
  readonly component: new (name: string, args: A, opts?: pulumi.ComponentResourceOptions) => R;
  readonly plan: PlanFunction<A, P>;
  /** Options that depend on components registered earlier (e.g. `dependsOn`). */
  readonly opts?: (registered: Registered) => pulumi.ComponentResourceOptions;
}

/** A spec whose plan is computed here, once; `planned` is the plan function's own result. */
export function componentSpec<A extends object, P extends Planned, R>(
  input: ComponentSpecInput<A, P, R>,
  catalog: IamCatalog,
): ComponentSpec<R> & { readonly planned: P } {
  const planned = input.plan(input.name, input.args, catalog);
  const plans = componentPlanOf(planned);
  logPlanned(plans);
  return {
    name: input.name,
    plans,
    planned,
    register(registered) {
      validatedPlans.set(input.args, planned);
      try {
        return new input.component(input.name, input.args, input.opts?.(registered));
      } finally {
        validatedPlans.delete(input.args);
      }
    },
  };
}

/** A spec of a component that plans no IAM (a registration in another system, a repository). */
export function plainComponentSpec<R>(
  name: string,
  register: (registered: Registered) => R,
): ComponentSpec<R> {
  return { name, plans: { roles: [], policies: [] }, register };
}
