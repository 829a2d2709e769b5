// Kept apart from cli/policy.ts so that `archipel --help` loads no policy engine.

export const policyUsage = `  policy test [PATH]             Run kyverno's tests (cli.kyverno.io/v1alpha1 Test files, kyverno-test.yaml) found in PATH
                                 (a test file or a folder; default: the current folder): each expected result of a
                                 (policy, rule, resource) compared with the policy applied offline. Exit 0 when every
                                 result is as expected, 1 otherwise (a result not evaluated offline counts as not met).
      --format text|json|sarif   Output format (default: text, kyverno's table; json: a wgpolicyk8s.io PolicyReport).`;
