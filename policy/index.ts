// The CrossGuard pack: `pulumi preview --policy-pack policy` from any stack.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("mlops-iam-guardrails", { policies });
