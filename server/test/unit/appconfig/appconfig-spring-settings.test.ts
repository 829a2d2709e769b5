// An address bound but never read is no call (issue #95): a Spring setting, from `application.*` or from the environment by
// relaxed binding, is a call of the program only when its code reads it. Found on nashtech-garage/yas (kept aside; reductions
// in server/test/fixtures/oss/yas-settings, SOURCES.md there): the storefront BFF is given service URLs bound into a map
// nothing reads, cart `yas.services.media` and rating `YAS_SERVICES_PRODUCT`, which no code of theirs reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appConfigFiles } from '../../../src/appconfig/files';
import { canonicalSetting, neverRead, settingFacts } from '../../../src/appconfig/springSettings';
import { fixturesDir } from '../../helpers';
import { mapCalls, repository } from '../system/repositories';

const fixture = path.join(fixturesDir, 'oss', 'yas-settings');

describe("yas's Spring settings no code reads (issue #95)", () => {
  it('storefront calls none of the URLs bound into its unread map; cart calls product, not media; rating customer, not product', async () => {
    const { model } = await repository('yas-settings', path.join(fixturesDir, 'oss'));
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const calls = model.edges.filter((e) => e.kind === 'calls' || e.kind === 'may-call').map((e) => `${name.get(e.from)} → ${name.get(e.to)}`).sort();
    assert.deepEqual(calls.filter((c) => /^(storefront|cart|rating|product) → /.test(c)), ['cart → api.yas.local', 'cart → product', 'product → media', 'rating → customer']);
    // Cart's `application.properties`: `yas.services.product` (line 5, read by `serviceUrlConfig.product()`), not `yas.services.media` (line 4).
    const outside = model.edges.find((e) => name.get(e.from) === 'cart' && name.get(e.to) === 'api.yas.local');
    assert.deepEqual(outside?.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`), ['application.properties:5']);
    // Programs whose sources are not here (an image only) keep every address they are given.
    assert.deepEqual(calls.filter((c) => c.startsWith('order → ')), ['order → cart', 'order → customer', 'order → product']);
  });

  it("the family's sniff claims the files that declare, enable or hold the settings' type", () => {
    const claims = appConfigFiles.sniff!.claims;
    for (const file of ['storefront-bff/src/main/java/com/yas/storefrontbff/config/ServiceUrlConfig.java', 'cart/src/main/java/com/yas/cart/CartApplication.java', 'cart/src/main/java/com/yas/cart/service/ProductService.java', 'rating/src/main/java/com/yas/rating/service/CustomerService.java', 'product/src/main/java/com/yas/product/service/MediaService.java']) {
      assert.ok(claims(readFileSync(path.join(fixture, file), 'utf8')), file);
    }
    assert.ok(claims('class Shop(private val urls: ShopProperties)'));
    assert.ok(claims('String url = environment.getProperty("shop.url");'));
    assert.equal(claims('import java.util.List;\npublic class Money { long cents; }'), false);
  });
});

describe('Spring settings a program reads (springSettings.ts, issue #95)', () => {
  it('canonical forms: an environment variable by relaxed binding, a property without dashes', () => {
    assert.equal(canonicalSetting('YAS_SERVICES_SAMPLE_DATA'), 'yas.services.sample.data');
    assert.equal(canonicalSetting('yas.services.token-identity'), 'yas.services.tokenidentity');
    assert.equal(canonicalSetting('shop.peers[0].url'), 'shop.peers.0.url');
    assert.equal(canonicalSetting('yas.services.mediaUrl'), 'yas.services.mediaurl');
  });

  it("a record's component, a getter, a method reference and a Kotlin property are reads; an import is not", () => {
    const record = settingFacts('@ConfigurationProperties(prefix = "shop.services")\npublic record ShopConfig(String media, String product) {}', 'java');
    assert.deepEqual(record.bindings, [{ prefix: 'shop.services', type: 'ShopConfig' }]);
    const bindings = record.bindings;
    const reads = (code: string, language: 'java' | 'kotlin' = 'java') => !neverRead('SHOP_SERVICES_MEDIA', [settingFacts(code, language)], bindings);
    assert.equal(reads('String url = shopConfig.media();'), true);
    assert.equal(reads('String url = shopConfig.getMedia();'), true);
    assert.equal(reads('Supplier<String> url = shopConfig::media;'), true);
    assert.equal(reads('val url = shopConfig.media', 'kotlin'), true);
    assert.equal(reads('import com.shop.media.MediaVm;\nString url = shopConfig.product();'), false);
    assert.equal(reads('String media = shopConfig.product();'), false);
    // Named by a placeholder or a string: read, whatever binds it.
    assert.equal(reads('@Value("${shop.services.media}") String media;'), true);
    assert.equal(reads('String url = environment.getProperty("shop.services.media");'), true);
  });

  it('an environment variable split where Spring would not (`SAMPLE_DATA` for `sampleData`) still finds its accessor', () => {
    const bindings = settingFacts('@ConfigurationProperties("shop")\npublic record ShopConfig(String sampleData) {}', 'java').bindings;
    assert.equal(neverRead('SHOP_SAMPLE_DATA', [settingFacts('x = shopConfig.sampleData();', 'java')], bindings), false);
    assert.equal(neverRead('SHOP_SAMPLE_DATA', [settingFacts('x = shopConfig.other();', 'java')], bindings), true);
  });

  it("what is not judged: the framework's keys, a key under no binding, a @Bean method's binding, a type the sniff does not follow", () => {
    const code = [settingFacts('x = y.other();', 'java')];
    const own = settingFacts('@ConfigurationProperties(prefix = "spring.shop")\npublic record ShopConfig(String media) {}', 'java').bindings;
    assert.equal(neverRead('SPRING_SHOP_MEDIA', code, own), false);
    assert.equal(neverRead('KEYCLOAK_AUTH_SERVER_URL', code, settingFacts('@ConfigurationProperties("shop")\nrecord ShopConfig(String media) {}', 'java').bindings), false);
    const bean = settingFacts('@Bean\n@ConfigurationProperties(prefix = "shop.pool")\npublic DataSource pool() {\n  return DataSourceBuilder.create().build();\n}', 'java').bindings;
    assert.deepEqual(bean, [{ prefix: 'shop.pool' }]);
    assert.equal(neverRead('SHOP_POOL_URL', code, bean), false);
    const unfollowed = settingFacts('@ConfigurationProperties("shop")\npublic record ShopUrls(String media) {}', 'java').bindings;
    assert.equal(neverRead('SHOP_MEDIA', code, unfollowed), false);
  });

  it('a program with no Spring code, or whose settings type it does not name, keeps its addresses', () => {
    const compose = 'services:\n  web:\n    build: ./web\n    environment:\n      - SHOP_SERVICES_MEDIA=http://media/media\n  media:\n    image: shop/media\n';
    const config = '@ConfigurationProperties(prefix = "shop.services")\npublic record ShopConfig(String media) {}\n';
    // Node's code: no Spring, no relaxed binding.
    assert.deepEqual(mapCalls({ 'docker-compose.yml': compose, 'web/Dockerfile': 'FROM node:22\n', 'web/server.js': 'const url = process.env.OTHER_URL;\n', 'lib/ShopConfig.java': config }), ['web → media']);
    // Spring code that never names the type binding the prefix: not judged.
    const app = 'import org.springframework.boot.autoconfigure.SpringBootApplication;\n@SpringBootApplication\npublic class WebApplication { String url = System.getenv("OTHER"); }\n';
    assert.deepEqual(mapCalls({ 'docker-compose.yml': compose, 'web/Dockerfile': 'FROM eclipse-temurin:21\n', 'web/src/main/java/WebApplication.java': app, 'lib/ShopConfig.java': config }), ['web → media']);
    // Naming it and never calling `media()`: no call.
    const enabling = app.replace('@SpringBootApplication', '@SpringBootApplication\n@EnableConfigurationProperties(ShopConfig.class)');
    assert.deepEqual(mapCalls({ 'docker-compose.yml': compose, 'web/Dockerfile': 'FROM eclipse-temurin:21\n', 'web/src/main/java/WebApplication.java': enabling, 'lib/ShopConfig.java': config }), []);
    // Another binding of the prefix to a type the sniff does not follow (its users may be outside the index): not judged.
    const urls = '@ConfigurationProperties(prefix = "shop.services")\npublic record ShopUrls(String media) {}\n';
    assert.deepEqual(mapCalls({ 'docker-compose.yml': compose, 'web/Dockerfile': 'FROM eclipse-temurin:21\n', 'web/src/main/java/WebApplication.java': enabling, 'lib/ShopConfig.java': config, 'lib/ShopUrls.java': urls }), ['web → media']);
  });

  it("a Kubernetes container's variable is judged as a Compose service's", () => {
    const deployment = (name: string, env = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}\n          image: shop/${name}:1.0\n${env}`;
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 8080\n`;
    const env = '          env:\n            - name: SHOP_SERVICES_MEDIA\n              value: http://media:8080\n            - name: SHOP_SERVICES_PRODUCT\n              value: http://product:8080\n';
    const config = '@ConfigurationProperties(prefix = "shop.services")\npublic record ShopConfig(String media, String product) {}\n';
    const app = 'import org.springframework.boot.autoconfigure.SpringBootApplication;\n@SpringBootApplication\npublic class WebApplication {\n  private final ShopConfig shopConfig;\n  String url() { return shopConfig.product(); }\n}\n';
    const files = { 'k8s/web.yaml': deployment('web', env), 'k8s/media.yaml': `${deployment('media')}---\n${service('media')}`, 'k8s/product.yaml': `${deployment('product')}---\n${service('product')}`, 'lib/ShopConfig.java': config };
    assert.deepEqual(mapCalls({ ...files, 'web/src/main/java/WebApplication.java': app }).filter((c) => c.startsWith('web')), ['web → product']);
    assert.deepEqual(mapCalls(files).filter((c) => c.startsWith('web')), ['web → media', 'web → product']);
  });
});
