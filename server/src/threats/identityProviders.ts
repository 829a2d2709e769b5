/**
 * Identity providers known by their product (issue #78, threats78e), so that Threagile's identity rules
 * (missing-identity-provider-isolation) have one to decide on. Pure.
 */

/**
 * An identity provider by its product: Keycloak, Dex, oauth2-proxy,
 * Authelia, authentik, ZITADEL, Ory Hydra and Kratos by their images' names; Amazon Cognito user pools and Google's
 * Identity-Aware Proxy by their Terraform resources. What a service built here does (an IdentityServer of its own) the
 * files do not say.
 */
const IDP_REPOSITORY = /(?:^|\/)(?:keycloak\/keycloak|jboss\/keycloak|bitnami\/keycloak|dexidp\/dex|oauth2-proxy\/oauth2-proxy|authelia\/authelia|goauthentik\/server|zitadel\/zitadel|oryd\/hydra|oryd\/kratos)$/;
export function identityProvider(node: { image?: string; resource?: string; technology?: string }): boolean {
  if (node.technology !== undefined && /^(?:Keycloak|Dex|oauth2-proxy|Authelia|authentik|ZITADEL)$/.test(node.technology)) return true;
  if (node.resource !== undefined && /^(?:aws_cognito_user_pool|google_iap_(?:brand|client|web_backend_service_iam_\w+))$/.test(node.resource)) return true;
  const image = node.image?.toLowerCase();
  if (image === undefined) return false;
  // The repository without its tag or digest (`quay.io/keycloak/keycloak:24.0` → `quay.io/keycloak/keycloak`).
  const name = image.slice(image.lastIndexOf('/') + 1);
  const cut = name.search(/[:@]/);
  const repository = cut < 0 ? image : image.slice(0, image.length - name.length + cut);
  return IDP_REPOSITORY.test(repository);
}
