// A client class's bearer token is carried by the calls that class makes (issue #95, x95w2): eShopOnDapr's aggregator sends the
// user's token from `BasketService` to basket-api only, so its Serilog sink toward Seq stays a missing authentication; when a
// build's token files name none of its targets (the fallback), the token is taken as sent to its program components, never to a
// log sink. On reductions of the real files (server/test/fixtures/oss/tokens/SOURCES.md).
import assert from 'node:assert/strict';
import path from 'node:path';
import { described, ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const tokens = path.join(fixturesDir, 'oss', 'tokens');
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(tokens, fixture));

describe("threats: a client class's token is carried by the calls it makes (issue #95, x95w2)", function () {
  this.timeout(120_000);

  const basket = 'src/ApiGateways/Aggregators/Web.Shopping.HttpAggregator/Services/BasketService.cs';

  it('eShopOnDapr: the token BasketService sends to basket-api is not carried to Seq', async () => {
    const risks = await risksOf(filesOf('dapr+eShopOnDapr'));
    // Before, the aggregator's every call carried BasketService.cs:19's token: no missing authentication toward Seq, and
    // its plaintext toward Seq cited the token line.
    assert.deepEqual(ofRule(risks, 'missing-authentication').filter((r) => r.includes('webshoppingagg>')), ['missing-authentication webshoppingagg>seq @docker-compose.override.yml:14']);
    assert.deepEqual(ofRule(risks, 'unencrypted-communication').filter((r) => r.includes('webshoppingagg>')), ['unencrypted-communication webshoppingagg>seq @docker-compose.override.yml:14']);
  });

  it('eShopOnDapr: a token file that names no target (the fallback) is still never sent to a log sink', async () => {
    const files = filesOf('dapr+eShopOnDapr');
    // The same class, its basket words replaced: it names none of the aggregator's targets.
    const renamed = basket.replace('BasketService', 'CartClient');
    files[renamed] = files[basket].replace(/basket/gi, 'cart');
    delete files[basket];
    assert.ok(described(await risksOf(files)).includes('missing-authentication webshoppingagg>seq @docker-compose.override.yml:14'));
  });

  it('yas: a token file that names no target (the fallback) is carried to the program it calls, its line cited', async () => {
    const files = filesOf('nashtech-garage+yas');
    const service = 'rating/src/main/java/com/yas/rating/service/CustomerService.java';
    const renamed = service.replace('CustomerService', 'ProfileClient');
    files[renamed] = files[service].replace(/customer/gi, 'profile');
    delete files[service];
    const risks = await risksOf(files);
    assert.deepEqual(ofRule(risks, 'missing-authentication'), []);
    assert.ok(described(risks).includes(`unencrypted-communication rating>customer @docker-compose.yml:53,.env:6,${renamed}:34`), described(risks).join('\n'));
  });
});
