// Kept apart from cli/policy.ts so that `archipel --help` loads no policy engine.

export const policyUsage = `  policy test [PATH]             Run kyverno's tests (cli.kyverno.io/v1alpha1 Test files, kyverno-test.yaml) found in PATH
                                 (a test file or a folder; default: the current folder): each expected result of a
                                 (policy, rule, resource) compared with the policy applied offline. Exit 0 when every
                                 result is as expected, 1 otherwise (a result not evaluated offline counts as not met).
      --format text|json|sarif   Output format (default: text, kyverno's table; json: a wgpolicyk8s.io PolicyReport).
  policy eval POLICY --input FILE
                                 Evaluate a Rego policy on an input (JSON or YAML) with the WebAssembly build OPA made
                                 of it (POLICY a .wasm, or a .rego with its policy.wasm beside it: \`opa build -t wasm\`),
                                 in-process; prints OPA's result set. Archipel never runs opa itself.
      --entrypoint E             The build's entrypoint (default: its first).`;
