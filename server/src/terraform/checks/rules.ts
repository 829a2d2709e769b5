import type { SeveritySetting } from '../../common/diagnostics';
import { defineRule, type RuleInfo } from '../../rules/registry';

/** A rule of the family (its other parts define theirs with it: tflint's, the security rules). */
export const rule = (id: string, defaultSeverity: SeveritySetting, description: string): RuleInfo => defineRule({ id, defaultSeverity, description });

/**
 * What Terraform itself reports when it loads and validates a module (`terraform validate`,
 * hashicorp/terraform internal/configs): each message starts with Terraform's own summary.
 */
export const terraformRules = {
  syntax: rule('terraform-syntax', 'error', 'The file is not valid HCL (or not valid JSON for *.tf.json): the first syntax error only, as what follows it cannot be read reliably.'),
  limit: rule('terraform-limit', 'warning', "A Terraform file passes one of Archipel's limits (nesting depth, parse time): what is past it is not read."),
  unsupportedBlock: rule('terraform-unsupported-block', 'error', 'A block type Terraform does not expect there (Unsupported block type, Reserved block type name).'),
  unsupportedArgument: rule('terraform-unsupported-argument', 'error', 'An argument Terraform does not expect there (Unsupported argument, Reserved argument name), a module input the module does not declare.'),
  missingArgument: rule('terraform-missing-argument', 'error', "A required argument is missing (a module's source, a condition's condition, a module input without default)."),
  duplicateArgument: rule('terraform-duplicate-argument', 'error', 'An argument is set twice in one block (HCL: Attribute redefined).'),
  labels: rule('terraform-block-labels', 'error', 'A block has too few or too many labels, or a label holds an interpolation.'),
  invalidName: rule('terraform-invalid-name', 'error', 'A name (resource, variable, output, local, module, provider) is not a valid identifier, or is reserved.'),
  duplicate: rule('terraform-duplicate', 'error', 'The same variable, local, output, resource, data source, module call, provider configuration, backend or required_providers is declared twice in the module.'),
  countForEach: rule('terraform-count-and-for-each', 'error', 'count and for_each are set together: they are mutually exclusive.'),
  quotedType: rule('terraform-quoted-type', 'error', 'A type constraint written as a string ("string"): Terraform 0.12 and later want the bare type.'),
  invalidType: rule('terraform-invalid-type', 'error', "A variable's type constraint is not a type, or its default does not fit it."),
  invalidValue: rule('terraform-invalid-value', 'error', 'An argument Terraform reads itself has a value of the wrong kind (Unsuitable value type, Invalid language edition, Invalid provider type).'),
  ignoreChanges: rule('terraform-ignore-changes', 'error', 'ignore_changes holds "*" (use the keyword all) or mixes all with attributes.'),
  removedProvisioner: rule('terraform-removed-provisioner', 'error', 'A provisioner Terraform removed (chef, habitat, puppet, salt-masterless).'),
  deprecated: rule('terraform-deprecated-syntax', 'warning', 'Quoted references or keywords (depends_on = ["aws_instance.a"], when = "create"), or a version inside a provider block: deprecated.'),
  undeclared: rule('terraform-undeclared', 'error', 'A reference to a variable, local, resource, data source or module call the module does not declare.'),
  invalidReference: rule('terraform-invalid-reference', 'error', 'A reference Terraform refuses there: malformed (var alone), each or count without for_each or count, self outside provisioners and postconditions, references where none are allowed, from a destroy provisioner, to the object itself in its own precondition.'),
  condition: rule('terraform-condition', 'error', "A precondition, postcondition or validation condition refers to nothing (a constant), or a validation that does not refer to its variable."),
  moduleOutput: rule('terraform-module-output', 'error', 'A reference to an output the called module (a local module, read from the repository) does not declare.'),
  moduleSource: rule('terraform-module-source', 'error', 'A local module source (./…, ../…) names a folder with no Terraform file.'),
  modulesManifest: rule('terraform-modules-manifest', 'warning', "The root module's .terraform/modules/modules.json (written by terraform init) is not valid JSON, not Terraform's format, or cannot be read: the registry and git modules it installed stay unknown."),
  unknownType: rule('terraform-unknown-type', 'error', "A resource type or data source its provider's schema does not have (a warning naming both versions when the module runs another version of the provider)."),
  unknownArgument: rule('terraform-unknown-argument', 'error', "An argument or nested block a resource, data source or provider configuration does not take, by its provider's schema (a warning when the versions may differ)."),
  attributeType: rule('terraform-attribute-type', 'error', "An argument's value is of a type its provider's schema does not convert from (Incorrect attribute value type: a tuple for a string, \"one hour\" for a number; a warning when the versions may differ)."),
  instanceKey: rule('terraform-instance-key', 'error', 'A resource, data source or module call with count or for_each read without an instance key (Missing resource instance key; Can\'t access attributes on a list of objects).'),
  unsupportedAttribute: rule('terraform-unsupported-attribute', 'error', "A reference reads an attribute the resource or data source does not have, by its provider's schema (Unsupported attribute; a warning when the versions may differ)."),
  missingRequired: rule('terraform-missing-required', 'error', "A resource or data source lacks an argument its provider's schema requires (a warning when the versions may differ)."),
  unknownVariable: rule('terraform-undeclared-variable-value', 'warning', 'A .tfvars file sets a variable its module does not declare.'),
  stackCluster: rule('terraform-stack-cluster', 'warning', "A workflow's cluster credentials command (gcloud container clusters get-credentials, aws eks update-kubeconfig, az aks get-credentials) or an Argo CD Application's destination names a cluster that the repository's Terraform does not create."),
};
