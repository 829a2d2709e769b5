/** Kyverno's disallow-latest-tag (kyverno/policies' best-practices, reduced to its Pod rule), Enforce or Audit: the policy tests' common rule. */
export const latestTagPolicy = (action = 'Enforce'): string => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: disallow-latest-tag
spec:
  validationFailureAction: ${action}
  rules:
    - name: validate-image-tag
      match:
        any:
          - resources:
              kinds: [Pod]
      validate:
        message: "Using a mutable image tag such as 'latest' is not allowed."
        pattern:
          spec:
            containers:
              - image: "!*:latest"
`;
