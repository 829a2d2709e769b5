// Reductions of three real Compose files whose published ports reach no listener (issue #95), shared by the map's and the
// threat model's tests:
// - harlow/go-micro-services (f8012499, MIT) docker-compose.yml: jaegertracing/all-in-one publishes the Jaeger agent's
//   5775/udp, 5778, 6831/udp, 6832/udp, but the agent left the all-in-one image in v1.63 (jaegertracing/jaeger#6081);
// - Kong/docker-kong (d1ed165b, Apache-2.0) compose/docker-compose.yml: `KONG_PROXY_LISTEN`/`KONG_ADMIN_LISTEN` replace
//   Kong's listeners, so its published 8443 and 8444 reach nothing;
// - RocketChat/rocketchat-compose (f693f76c, MIT) compose.traefik.yml: Traefik publishes 8080, its API's entry point only
//   with `--api.insecure` (`${TRAEFIK_API_INSECURE:-false}`); its entry points are http, https and metrics.

/** go-micro-services' compose file, reduced: the front end, and Jaeger's image and published ports. */
export const gmsCompose = (image: string) => [
  'services:',
  '  frontend:',
  '    build: .',
  '    entrypoint: go-micro-services frontend',
  '    ports:',
  '      - "5001:8080"',
  '  jaeger:',
  `    image: ${image}`,
  '    ports:',
  '      - "14269"',
  '      - "5778:5778"',
  '      - "14268:14268"',
  '      - "14267"',
  '      - "16686:16686"',
  '      - "5775:5775/udp"',
  '      - "6831:6831/udp"',
  '      - "6832:6832/udp"',
  '',
].join('\n');

/** docker-kong's listeners as its file sets them. */
export const KONG_LISTENERS = [
  '      KONG_PROXY_LISTEN: "${KONG_PROXY_LISTEN:-0.0.0.0:8000}"',
  '      KONG_ADMIN_LISTEN: "${KONG_ADMIN_LISTEN:-0.0.0.0:8001}"',
  '      KONG_ADMIN_GUI_LISTEN: "${KONG_ADMIN_GUI_LISTEN:-0.0.0.0:8002}"',
];
/** docker-kong's published ports. */
export const KONG_PORTS = [
  '      - "${KONG_INBOUND_PROXY_LISTEN:-0.0.0.0}:8000:8000/tcp"',
  '      - "${KONG_INBOUND_SSL_PROXY_LISTEN:-0.0.0.0}:8443:8443/tcp"',
  '      - "8001:8001/tcp"',
  '      - "8444:8444/tcp"',
  '      - "8002:8002/tcp"',
];

/** docker-kong's compose file, reduced: the shared settings' anchor, the kong service's listeners (and `extra` lines) and ports. */
export const kongCompose = (listeners: readonly string[], ports: readonly string[] = KONG_PORTS, extra: readonly string[] = []) => [
  'x-kong-config:',
  '  &kong-env',
  '  KONG_DATABASE: ${KONG_DATABASE:-off}',
  '  KONG_PG_HOST: db',
  '',
  'services:',
  '  kong:',
  '    image: "${KONG_DOCKER_TAG:-kong:latest}"',
  '    environment:',
  '      <<: *kong-env',
  '      KONG_ADMIN_ACCESS_LOG: /dev/stdout',
  ...listeners,
  ...extra,
  '      KONG_DECLARATIVE_CONFIG: "/opt/kong/kong.yaml"',
  '    ports:',
  ...ports,
  '',
].join('\n');

/** rocketchat-compose's compose.traefik.yml, reduced: Traefik's flags (`insecure`: the API's setting) and its published ports. */
export const traefikCompose = (insecure = '${TRAEFIK_API_INSECURE:-false}') => [
  'services:',
  '  traefik:',
  '    image: docker.io/traefik:${TRAEFIK_RELEASE:-v3.4}',
  '    command:',
  `      - --api.insecure=${insecure}`,
  '      - --providers.docker=false',
  '      - --entrypoints.http.address=:${TRAEFIK_HTTP_PORT:-80}',
  '      - --entrypoints.https.address=:${TRAEFIK_HTTPS_PORT:-443}',
  '      - --entrypoints.metrics.address=:9096',
  '      - --metrics.prometheus=true',
  '      # ssl',
  '      - --certificatesresolvers.le.acme.email=${LETSENCRYPT_EMAIL?need email for cert expiry notifications}',
  '      - --metrics.prometheus.entryPoint=metrics # Associate metrics with the \'metrics\' entry point',
  '      - --providers.file.filename=/traefik_config/${TRAEFIK_PROTOCOL}/dynamic.yml',
  '    ports:',
  '      - ${TRAEFIK_HTTP_PORT:-80}:${TRAEFIK_HTTP_PORT:-80}',
  '      - ${TRAEFIK_DASHBOARD_PORT:-8080}:8080',
  '      - ${TRAEFIK_HTTPS_PORT:-443}:${TRAEFIK_HTTPS_PORT:-443}',
  '    volumes:',
  '      - traefik_config:/traefik_config:Z',
  '',
].join('\n');
