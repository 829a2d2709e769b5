// Reductions of two real Compose files whose published ports reach no listener (issue #95), shared by the map's and the
// threat model's tests:
// - harlow/go-micro-services (f8012499, MIT) docker-compose.yml: jaegertracing/all-in-one publishes the Jaeger agent's
//   5775/udp, 5778, 6831/udp, 6832/udp, but the agent left the all-in-one image in v1.63 (jaegertracing/jaeger#6081);
// - Kong/docker-kong (d1ed165b, Apache-2.0) compose/docker-compose.yml: `KONG_PROXY_LISTEN`/`KONG_ADMIN_LISTEN` replace
//   Kong's listeners, so its published 8443 and 8444 reach nothing.

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
