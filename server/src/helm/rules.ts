import { defineRule } from '../rules/registry';

// Rule ids of Helm charts (docs/rules.md lists them; docs/helm.md says which helm lint check each is).

// Chart.yaml (helm lint's chartfile rules).
export const chartYamlRule = defineRule({ id: 'helm-chart-yaml', defaultSeverity: 'error', description: 'Chart.yaml is not a YAML mapping Helm can read.' });
export const chartStrictRule = defineRule({ id: 'helm-chart-strict', defaultSeverity: 'warning', description: 'Chart.yaml has a field Helm does not know (helm lint reads it strictly and warns).' });
export const chartNameRule = defineRule({ id: 'helm-chart-name', defaultSeverity: 'error', description: 'Chart.yaml has no name, or a name that is a path.' });
export const chartApiVersionRule = defineRule({ id: 'helm-chart-api-version', defaultSeverity: 'error', description: 'Chart.yaml has no apiVersion, or one other than v1 and v2.' });
export const chartVersionRule = defineRule({ id: 'helm-chart-version', defaultSeverity: 'error', description: "Chart.yaml's version (or appVersion) is missing, not a string, or not a semantic version." });
export const chartVersionStrictRule = defineRule({ id: 'helm-chart-version-strict', defaultSeverity: 'warning', description: "Chart.yaml's version is readable but not strict SemVer 2 (a leading v, a missing minor or patch)." });
export const chartMaintainerRule = defineRule({ id: 'helm-chart-maintainer', defaultSeverity: 'error', description: 'A maintainer of Chart.yaml is empty, has no name, or an email or url that is not one.' });
export const chartSourcesRule = defineRule({ id: 'helm-chart-sources', defaultSeverity: 'error', description: 'A source of Chart.yaml is not a URL.' });
export const chartIconRule = defineRule({ id: 'helm-chart-icon', defaultSeverity: 'error', description: "Chart.yaml's icon is not a URL." });
export const chartIconMissingRule = defineRule({ id: 'helm-chart-icon-missing', defaultSeverity: 'information', description: 'Chart.yaml has no icon (helm lint recommends one).' });
export const chartTypeRule = defineRule({ id: 'helm-chart-type', defaultSeverity: 'error', description: 'A chart type in an apiVersion v1 chart, or a type other than application and library.' });
export const chartDependenciesRule = defineRule({ id: 'helm-chart-dependencies', defaultSeverity: 'error', description: 'Dependencies in an apiVersion v1 Chart.yaml, a dependency without a name or version, or two dependencies with the same name or alias.' });

// Dependencies, Chart.lock, charts/ and crds/.
export const dependencyMissingRule = defineRule({ id: 'helm-dependency-missing', defaultSeverity: 'warning', description: 'A dependency of Chart.yaml is not in charts/ (helm dependency build fetches it); information only when a Chart.lock records it.' });
export const dependencyUndeclaredRule = defineRule({ id: 'helm-dependency-undeclared', defaultSeverity: 'error', description: 'charts/ holds a chart that Chart.yaml does not declare as a dependency.' });
export const lockRule = defineRule({ id: 'helm-lock', defaultSeverity: 'error', description: "Chart.lock does not match Chart.yaml's dependencies (a dependency missing or extra, a version outside the constraint): run helm dependency update." });
export const crdRule = defineRule({ id: 'helm-crd', defaultSeverity: 'error', description: 'crds/ is not a folder, or a file of it is not a CustomResourceDefinition of apiextensions.k8s.io (Helm installs it as is, never as a template).' });

// Values.
export const valuesSchemaRule = defineRule({ id: 'helm-values-schema', defaultSeverity: 'error', description: "A values file does not match the chart's values.schema.json (with the chart's defaults under it)." });
export const schemaInvalidRule = defineRule({ id: 'helm-schema-invalid', defaultSeverity: 'error', description: 'values.schema.json is not JSON, or not a JSON Schema the validator can compile.' });
export const valuesFormatRule = defineRule({ id: 'helm-values-format', defaultSeverity: 'error', description: 'A values file is not a YAML mapping (Helm cannot read it as values).' });
export const valuesMissingRule = defineRule({ id: 'helm-values-missing', defaultSeverity: 'information', description: 'The chart has no values.yaml.' });
export const undefinedValueRule = defineRule({ id: 'helm-undefined-value', defaultSeverity: 'warning', description: 'A template reads .Values.a.b that no values file of the chart defines, without a default, if, with or hasKey around it.' });

// Templates.
export const templatesMissingRule = defineRule({ id: 'helm-templates-missing', defaultSeverity: 'warning', description: 'The chart has no templates/ folder (an application chart then installs nothing).' });
export const templateSyntaxRule = defineRule({ id: 'helm-template-syntax', defaultSeverity: 'error', description: "A template is not a Go template Helm can parse (an unclosed action, an unknown function, a variable not declared, an {{end}} too many)." });
export const releaseFieldRule = defineRule({ id: 'helm-release-field', defaultSeverity: 'error', description: 'A template reads a field of .Release that Helm 3 does not give (.Release.Time was removed): it renders as nothing.' });
export const undefinedTemplateRule = defineRule({ id: 'helm-undefined-template', defaultSeverity: 'error', description: 'include or template names a template that no define of the chart or its dependencies defines.' });
export const renderRule = defineRule({ id: 'helm-render', defaultSeverity: 'error', description: "Rendering the template with the chart's default values fails as Helm's would (nil pointer, wrong type, incompatible comparison, a function's error)." });
export const requiredRule = defineRule({ id: 'helm-required', defaultSeverity: 'information', description: "A required value is not set by the chart's default values: Helm installs the chart only when the user gives it." });
export const failRule = defineRule({ id: 'helm-fail', defaultSeverity: 'warning', description: "The template calls fail with the chart's default values: Helm refuses to install the chart with them." });
export const unsupportedRule = defineRule({ id: 'helm-unsupported', defaultSeverity: 'information', description: 'The template uses something the renderer does not compute (certificates, dates, a dependency not in charts/): it is not rendered nor checked.' });
export const limitRule = defineRule({ id: 'helm-limit', defaultSeverity: 'information', description: "Rendering the template passes Archipel's bounds (steps, output size, nesting): it is not checked." });
export const renderedYamlRule = defineRule({ id: 'helm-rendered-yaml', defaultSeverity: 'error', description: "The template renders, with the chart's default values, text that is not YAML." });
export const topIndentRule = defineRule({ id: 'helm-top-indent', defaultSeverity: 'warning', description: 'A rendered document starts indented, which parsers read differently.' });
export const objectNameRule = defineRule({ id: 'helm-object-name', defaultSeverity: 'warning', description: "A rendered object's metadata.name is not a name Kubernetes accepts for its kind (DNS subdomain, DNS label, path segment)." });
export const deprecatedApiRule = defineRule({ id: 'helm-deprecated-api', defaultSeverity: 'warning', description: 'A rendered object uses an apiVersion deprecated in the configured Kubernetes release and removed in a later one.' });
export const resourcePolicyListRule = defineRule({ id: 'helm-resource-policy-list', defaultSeverity: 'error', description: "A rendered List's items carry the helm.sh/resource-policy annotation, which Helm ignores there." });
export const selectorRule = defineRule({ id: 'helm-selector', defaultSeverity: 'error', description: 'A rendered Deployment, ReplicaSet, DaemonSet or StatefulSet has neither matchLabels nor matchExpressions.' });

// Across the stack.
export const argoChartRule = defineRule({ id: 'helm-argocd-chart', defaultSeverity: 'error', description: "An Argo CD Application gives Helm parameters for a source path of this repository that holds no Chart.yaml." });
export const argoValuesFileRule = defineRule({ id: 'helm-argocd-values-file', defaultSeverity: 'error', description: "An Argo CD Application names a values file that is not in the chart's folder." });
export const argoValuesRule = defineRule({ id: 'helm-argocd-values', defaultSeverity: 'error', description: "An Argo CD Application's Helm values do not match the chart's values.schema.json, or the chart fails to render with them (required, fail, a template error)." });
export const argoUnknownValueRule = defineRule({ id: 'helm-argocd-unknown-value', defaultSeverity: 'warning', description: "An Argo CD Application sets a Helm value that the chart's values files do not define and no template reads." });
