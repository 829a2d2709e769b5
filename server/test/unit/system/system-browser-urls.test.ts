// Issue #95, found on nashtech-garage/yas (kept aside; reductions in server/test/fixtures/oss/yas, SOURCES.md there):
// nginx routes through a variable `set` just before (`proxy_pass http://$docker_search_host;`), and URLs that are where a
// browser is sent (`yas.public.url`, `redirect-uri`, `PUBLIC_URL`), not calls.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import type { WrittenCall } from '../../../src/appconfig/writtenCall';
import { isBrowserDestination } from '../../../src/features/system/browserUrls';
import { fixturesDir } from '../../helpers';
import { mapCalls, repository } from './repositories';

/** What a reader finds: `host:port` (or `${VARIABLE}`) and the text at its offsets. */
function found(kind: Parameters<typeof readAppConfig>[0], text: string): string[] {
  return readAppConfig(kind, text).calls.map((c: WrittenCall) => `${c.host ?? `\${${c.variable}}`}${c.port !== undefined ? `:${c.port}` : ''} [${text.slice(c.start, c.end)}]`);
}

describe('nginx routes through a variable set just before (issue #95)', () => {
  it("yas's template: `search` and `grafana:3000` through `set`, where the variable is written; `$host` names nothing", () => {
    const text = [
      'server {',
      '  location /search/ {',
      '    #hack to prevent nginx to resolve container\'s host on start up',
      '    set $docker_search_host "search";',
      '    proxy_pass http://$docker_search_host;',
      '  }',
      '  location / {',
      "    set $docker_grafana_host 'grafana';",
      '    proxy_pass http://$docker_grafana_host:3000;',
      '    proxy_set_header Host $host;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(found('nginx', text), ['search [http://$docker_search_host]', 'grafana:3000 [http://$docker_grafana_host:3000]']);
  });

  it('a variable never set, set in another location, set after the route or set to another variable: no call, as before', () => {
    const text = [
      'server {',
      '  location /a/ {',
      '    set $backend "api";',
      '  }',
      '  location /b/ {',
      '    proxy_pass http://$backend;',
      '  }',
      '  location /c/ {',
      '    proxy_pass http://$http_upgrade;',
      '    proxy_pass $upstream;',
      '    proxy_pass http://$later;',
      '    set $later "late";',
      '    set $peer $host;',
      '    proxy_pass http://$peer;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(found('nginx', text), []);
  });

  it("a `set` of the server block holds in its locations; the last one before the route wins; `${VAR}` of a template is the environment's", () => {
    const text = [
      'server {',
      '  set $api "first";',
      '  set $api api;',
      '  set $web "${WEB_HOST}";',
      '  location / {',
      '    proxy_pass http://$api:8080/v1$request_uri;',
      '    proxy_pass http://${api};',
      '    proxy_pass http://$web:80;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(found('nginx', text), ['api:8080 [http://$api:8080/v1$request_uri]', 'api [http://${api}]', '${WEB_HOST}:80 [http://$web:80]']);
  });
});

describe('URLs where a browser is sent are no call (issue #95)', () => {
  it('the keys that say so, in any spelling; every other URL key stays a call', () => {
    const browser = [
      'yas.public.url', 'public-url', 'PUBLIC_URL', 'YAS_PUBLIC_URL', 'redirect-uri', 'redirect_url', 'callback-url', 'return-url', 'success-url',
      'cancel-url', 'post-logout-redirect-uri', 'frontend-url', 'FRONTEND_URL', 'spring.security.oauth2.client.registration.keycloak.redirect-uri',
      'redirectUri', 'RedirectUris[0]', 'CallBackUrl', 'app.payment.returnUrl', 'YAS_PUBLICURL', 'callbackurl',
    ];
    const calls = ['api.url', 'yas.services.order', 'spring.datasource.url', 'spring.security.oauth2.resourceserver.jwt.issuer-uri', 'ORDER_SERVICE_URL', 'PUBLIC_KEY', 'redirect.enabled', 'public.url.timeout', 'url', 'BACKEND_URL', 'BASEURL', 'APIURL', 'publicurl.enabled'];
    assert.deepEqual(browser.filter((key) => !isBrowserDestination(key)), []);
    assert.deepEqual(calls.filter((key) => isBrowserDestination(key)), []);
  });

  it("Spring properties and `@Value` defaults: `yas.public.url` is no call, `yas.services.order` and `api.url` are", () => {
    const properties = ['yas.services.order=http://order/order', 'yas.public.url=http://storefront/complete-payment', 'api.url=http://api:8080', 'app.redirect-uri=http://web/callback'].join('\n');
    assert.deepEqual(found('spring-properties', properties), ['order [http://order]', 'api:8080 [http://api:8080]']);
    assert.deepEqual(found('code', '  @Value("${yas.public.url:http://storefront/complete-payment}") String url;\n  @Value("${api.url:http://api:8080}") String api;'), ['api:8080 [http://api:8080]']);
  });

  it('Spring YAML and a Compose environment: `yas.public.url`, `FRONTEND_URL` and `redirect-uri` are no call; `api.url` and `API_URL` are', () => {
    const compose = [
      'services:', '  payment:', '    build: ./payment', '    environment:', '      - FRONTEND_URL=http://storefront:3000', '      - API_URL=http://api:8080',
      '  web:', '    image: shop/web', '    environment:', '      OAUTH_REDIRECT_URI: http://storefront/login', '      ORDERS_URL: http://orders:8080',
      '  storefront:', '    image: shop/storefront', '  api:', '    image: shop/api', '  orders:', '    image: shop/orders',
    ].join('\n');
    const yaml = ['yas:', '  public:', '    url: http://storefront/complete-payment', 'api:', '  url: http://api:8080', 'spring:', '  security:', '    oauth2:', '      client:', '        registration:', '          shop:', '            redirect-uri: http://storefront/login/oauth2/code/shop'].join('\n');
    const calls = mapCalls({ 'docker-compose.yml': compose, 'payment/Dockerfile': 'FROM eclipse-temurin:21-jre\n', 'payment/src/main/resources/application.yml': yaml });
    assert.deepEqual(calls, ['payment → api', 'web → orders']);
  });

  it('Kubernetes: a container variable and a ConfigMap key read by `envFrom` under such a key are no call; `API_URL` is', () => {
    const deployment = [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: payment', 'spec:', '  selector:', '    matchLabels: {app: payment}', '  template:',
      '    metadata:', '      labels: {app: payment}', '    spec:', '      containers:', '        - name: payment', '          image: shop/payment',
      '          env:', '            - name: PUBLIC_URL', '              value: http://storefront/complete-payment', '            - name: API_URL', '              value: http://orders:8080',
      '          envFrom:', '            - configMapRef: {name: payment-config}',
    ].join('\n');
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 8080\n`;
    const workload = (name: string) => deployment.split('payment').join(name).replace(/\n {10}env:[\s\S]*$/, '');
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: payment-config\ndata:\n  OAUTH_REDIRECT_URI: http://storefront/login\n  MEDIA_URL: http://media:8080\n';
    const calls = mapCalls({ 'k8s/payment.yaml': deployment, 'k8s/config.yaml': configMap, 'k8s/orders.yaml': `${workload('orders')}\n---\n${service('orders')}`, 'k8s/storefront.yaml': `${workload('storefront')}\n---\n${service('storefront')}`, 'k8s/media.yaml': `${workload('media')}\n---\n${service('media')}` });
    assert.deepEqual(calls.filter((c) => c.startsWith('payment')), ['payment → media', 'payment → orders']);
  });
});

describe("yas's reduced files as one workspace (issue #95)", () => {
  it('nginx routes to search and grafana; payment calls order but not storefront; `YAS_PUBLIC_URL` calls nothing', async () => {
    const { model } = await repository('yas', path.join(fixturesDir, 'oss'));
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const calls = model.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)}`);
    for (const expected of ['nginx → search', 'nginx → grafana', 'nginx → product', 'payment → order', 'payment → media']) assert.ok(calls.includes(expected), `${expected} in ${calls.join(', ')}`);
    assert.deepEqual(calls.filter((c) => c === 'payment → storefront'), []);
    // `YAS_PUBLIC_URL=${YAS_PUBLIC_API_URL}/…` (http://api.yas.local/…): the URL the service writes into its pages, no call;
    // product's `YAS_SERVICES_MEDIA` (http://media/media, from .env) is one.
    assert.deepEqual(calls.filter((c) => /^(product|media|order|search) → /.test(c)).sort(), ['product → media']);
  });
});

// Issue #95, the fourth held-out round: quarkusio/quarkus-super-heroes (Apache-2.0) rest-fights'
// src/main/resources/application.properties:68-79 hands fallback pictures to the UI; reduced here to the keys and one value form.
describe('a picture is what a browser shows, no call (issue #95)', () => {
  it('keys naming a picture, or its URL; `IMAGE_SERVICE_URL`, `image.registry` and a one-word `IMAGE` stay', () => {
    const shown = ['fight.hero.fallback.picture', 'fight.narration.fallback-image-generation.image-url', 'LOGO_URL', 'avatarUri', 'app.logo', 'SITE_FAVICON', 'user.avatar', 'imageurl'];
    const calls = ['IMAGE_SERVICE_URL', 'image.registry', 'IMAGE', 'logo', 'THUMBNAILER_URL', 'PHOTOS_API'];
    assert.deepEqual(shown.filter((key) => !isBrowserDestination(key)), []);
    assert.deepEqual(calls.filter((key) => isBrowserDestination(key)), []);
  });

  it("rest-fights' fallback pictures are no call; its narration service is", () => {
    const properties = [
      'fight.hero.fallback.picture=https://dummyimage.com/240x320/1e8fff/ffffff&text=Fallback+Hero',
      'fight.narration.fallback-image-generation.image-url=https://dummyimage.com/240x320/1e8fff/ffffff&text=Fallback+Image',
      'quarkus.rest-client.narration-client.url=http://rest-narration:8087',
    ].join('\n');
    assert.deepEqual(found('spring-properties', properties), ['rest-narration:8087 [http://rest-narration:8087]']);
  });

  it('a URL to a picture, a font or a style sheet under any key is no call; a path that only mentions one is', () => {
    const properties = ['banner.source=https://cdn.example.com/img/banner.PNG?v=2', 'theme=https://assets.example.com/site.css', 'font=https://fonts.example.com/a.woff2#x', 'api=http://api:8080/files/logo.png/meta', 'web=http://web:80/'].join('\n');
    assert.deepEqual(found('spring-properties', properties), ['api:8080 [http://api:8080]', 'web:80 [http://web:80]']);
  });

  it("a Content Security Policy's hosts are where a browser may load from, no call (a JHipster gateway's `content-security-policy`)", () => {
    assert.deepEqual(['jhipster.security.content-security-policy', 'CONTENT_SECURITY_POLICY', 'contentSecurityPolicy', 'app.csp'].filter((key) => !isBrowserDestination(key)), []);
    assert.deepEqual(['security.policy', 'content.url', 'CSP_REPORT_ENDPOINT'].filter((key) => isBrowserDestination(key)), []);
    const yaml = ['jhipster:', '  security:', '    content-security-policy: "default-src \'self\'; script-src \'self\' https://storage.googleapis.com; connect-src \'self\' https://api:8443"', 'api:', '  url: http://api:8080'].join('\n');
    const calls = mapCalls({ 'docker-compose.yml': 'services:\n  gateway:\n    build: ./gateway\n  api:\n    image: shop/api\n', 'gateway/Dockerfile': 'FROM eclipse-temurin:21-jre\n', 'gateway/src/main/resources/config/application.yml': yaml });
    assert.deepEqual(calls, ['gateway → api']);
  });
});

// Issue #95, the sixth held-out round: vietnam-devs/coolstore-microservices (MIT; reductions in server/test/fixtures/oss/coolstore,
// SOURCES.md there): a React front end's `REACT_APP_*`, an identity provider's own URI and CORS origins drawn as calls.
describe("settings a browser reads, CORS origins and a service's own URI are no call (issue #95)", () => {
  it('the keys that say so; an authority, an endpoint and an origin server stay calls', () => {
    const browser = [
      'REACT_APP_API', 'REACT_APP_GRAPHQL_ENDPOINT', 'VITE_BACKEND', 'VUE_APP_API', 'GATSBY_API_URL', 'EXPO_PUBLIC_API_URL',
      'Cors__Origins', 'HostSettings__SpaAllowedCorsOrigin', 'cors.allowed-origins', 'CORS_HOSTS', 'ALLOWED_ORIGINS', 'csrf.trusted-origins',
      'Hosts__Externals__CurrentUri', 'EXTERNAL_URL', 'web.external-url', 'SITE_URL', 'selfUrl',
    ];
    // Next.js and Nuxt render on the server too: storedog's frontend calls its `NEXT_PUBLIC_SPREE_API_HOST` from there.
    const calls = ['Idp__Authority', 'GrpcEndPoints__CatalogEndPoint', 'API_URL', 'react.app.url', 'EXTERNAL_API_URL', 'ORIGIN_URL', 'vite', 'SCORE_URL', 'CURRENCY_URL', 'NEXT_PUBLIC_SPREE_API_HOST', 'NUXT_PUBLIC_API_BASE'];
    assert.deepEqual(browser.filter((key) => !isBrowserDestination(key)), []);
    assert.deepEqual(calls.filter((key) => isBrowserDestination(key)), []);
  });

  it("abpframework/eShopOnAbp (e075e827, MIT): clients' root URLs, redirect allow-lists, Keycloak's own hostname and Kestrel's endpoints are no call", () => {
    // etc/docker/docker-compose.yml:77,112,258; etc/k8s/eshoponabp/charts/identity (Clients__*__RootUrl), charts/keycloak (KC_HOSTNAME_*).
    const own = ['IdentityServerClients__Web__RootUrl', 'Clients__PublicWebGateway__RootUrl', 'App__RedirectAllowedUrls', 'KC_HOSTNAME_URL', 'KC_HOSTNAME_ADMIN_URL', 'Kestrel__EndPoints__Http__Url', 'Kestrel__EndPoints__gRPC__Url', 'ASPNETCORE_URLS', 'GF_SERVER_ROOT_URL'];
    // The service's calls beside them stay calls.
    const calls = ['AuthServer__Authority', 'RemoteServices__Default__BaseUrl', 'ElasticSearch__Url', 'ROOT_SERVICE_URL', 'HOSTNAME', 'API_ALLOWED'];
    assert.deepEqual(own.filter((key) => !isBrowserDestination(key)), []);
    assert.deepEqual(calls.filter((key) => isBrowserDestination(key)), []);
  });

  it("coolstore's reduced manifests: web, backoffice and idp call nothing, graphql calls its authority and endpoint; the APIs their authority", async () => {
    const { model } = await repository('coolstore', path.join(fixturesDir, 'oss'));
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const calls = model.edges.filter((e) => e.kind === 'calls' && !e.from.startsWith('person:')).map((e) => `${name.get(e.from)} → ${name.get(e.to)}`);
    assert.deepEqual(calls.sort(), ['graphql-v1 → api.coolstore.local', 'graphql-v1 → id.coolstore.local', 'product-catalog-api-v1 → access-control-api']);
  });
});
