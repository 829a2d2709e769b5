// A URL a service's deployment gives it under a variable its code never names (issue #95): a possible call, not a certain one.
// bootstrapping-microservices-2nd-edition/chapter-10 (server/test/fixtures/oss/appconfig, SOURCES.md there) and each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { described, risksOfFiles } from '../../threatRisks';
import { calls, treeContainers } from '../system/repositories';

const chapter10 = () => readTree(path.join(fixturesDir, 'oss', 'appconfig', 'bootstrapping-microservices+chapter-10'));

/** The solid and the dashed calls of a tree, as `from → to`. */
async function callsOf(files: Record<string, string>): Promise<{ solid: string[]; dashed: string[] }> {
  const view = await treeContainers(files);
  return { solid: calls(view).filter((call) => !call.startsWith('Users')), dashed: calls(view, 'may-call') };
}

describe('variables a deployment sets that no code of the build names (issue #95)', function () {
  this.timeout(300_000);

  it('bootstrapping-microservices chapter-10: the gateway given `RABBIT=amqp://…` whose code reads no RABBIT may call rabbit; history, reading it, calls it', async () => {
    const found = await callsOf(chapter10());
    assert.deepEqual(found.dashed, ['gateway → rabbit']);
    assert.ok(found.solid.includes('history → rabbit'), found.solid.join(', '));
    assert.ok(!found.solid.includes('gateway → rabbit'));
  });

  it('the threat model makes no link of it: no risk on gateway → rabbit, history\'s kept', async () => {
    const risks = described(await risksOfFiles(chapter10()));
    assert.deepEqual(risks.filter((risk) => /gateway>rabbit|rabbit>gateway/.test(risk)), []);
    assert.ok(risks.some((risk) => /history>rabbit/.test(risk)), risks.join('\n'));
  });

  it('keeps the call certain when the code names the variable in any spelling, or is not in the repository', async () => {
    const files = chapter10();
    const named = async (code: string) => (await callsOf({ ...files, 'gateway/src/index.js': `${files['gateway/src/index.js']}${code}\n` })).solid.includes('gateway → rabbit');
    assert.equal(await named('const rabbit = process.env.RABBIT;'), true);
    assert.equal(await named("const rabbit = os.getenv('rabbit')"), true);
    // No source file of the gateway read (an image only, its code elsewhere): as written.
    const { ['gateway/src/index.js']: _code, ...imageOnly } = files;
    assert.ok((await callsOf(imageOnly)).solid.includes('gateway → rabbit'));
  });

  it('draws no possible call beside a certain one: one variable read for the target, another not', async () => {
    const files = chapter10();
    const both = {
      ...files,
      'docker-compose.yml': files['docker-compose.yml'].replace('- RABBIT=amqp://test:test@rabbit:5672\n      - NODE_ENV', '- RABBIT=amqp://test:test@rabbit:5672\n      - AMQP_URL=amqp://test:test@rabbit:5672\n      - NODE_ENV'),
      'gateway/src/index.js': `${files['gateway/src/index.js']}const messaging = process.env.AMQP_URL;\n`,
    };
    const found = await callsOf(both);
    assert.ok(found.solid.includes('gateway → rabbit'), found.solid.join(', '));
    assert.deepEqual(found.dashed, []);
  });

  it('keeps the variables frameworks read by convention certain (Spring Boot, .NET, DATABASE_URL, libpq)', async () => {
    const files = chapter10();
    for (const variable of ['SPRING_RABBITMQ_ADDRESSES', 'ConnectionStrings__Rabbit', 'DATABASE_URL', 'CELERY_BROKER_URL']) {
      const renamed = { ...files, 'docker-compose.yml': files['docker-compose.yml'].replace('- RABBIT=amqp://test:test@rabbit:5672\n      - NODE_ENV', `- ${variable}=amqp://test:test@rabbit:5672\n      - NODE_ENV`) };
      assert.notEqual(renamed['docker-compose.yml'], files['docker-compose.yml']);
      assert.ok((await callsOf(renamed)).solid.includes('gateway → rabbit'), variable);
    }
  });
});
