// A Go binary's code is its own package and what it imports (issue #95): ebosas/microservices (server/test/fixtures/oss/appconfig,
// SOURCES.md there), four binaries each built from its own `cmd/<name>`, one `internal/config` reading every URL for all of them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { calls, treeContainers } from '../system/repositories';

const microservices = () => readTree(path.join(fixturesDir, 'oss', 'appconfig', 'ebosas+microservices'));

const solid = async (files: Record<string, string>) => calls(await treeContainers(files)).filter((call) => !call.startsWith('Users'));

describe('a Go binary calls what its own package uses of a shared configuration (issue #95)', function () {
  this.timeout(300_000);

  it('ebosas/microservices: each binary calls the URLs its cmd/ package selects from the config struct, no other', async () => {
    assert.deepEqual(await solid(microservices()), [
      'backend → rabbitmq',
      'cache → rabbitmq',
      'cache → redis',
      'database → postgres',
      'database → rabbitmq',
      'server → rabbitmq',
      'server → redis',
    ]);
  });

  it('a module-local package the binary imports counts: backend opening Postgres through internal/store', async () => {
    const files = microservices();
    const store = 'package store\n\nimport "github.com/ebosas/microservices/internal/config"\n\nfunc Open(conf *config.Config) string { return conf.PostgresURL }\n';
    const backend = files['cmd/backend/backend.go'].replace('"github.com/ebosas/microservices/internal/rabbit"', '"github.com/ebosas/microservices/internal/rabbit"\n\t"github.com/ebosas/microservices/internal/store"');
    const found = await solid({ ...files, 'internal/store/store.go': store, 'cmd/backend/backend.go': backend });
    assert.ok(found.includes('backend → postgres'), found.join(', '));
    assert.ok(!found.includes('cache → postgres'), found.join(', '));
  });

  it('not sure, as before: one Dockerfile building every binary from the whole context', async () => {
    const files = microservices();
    const whole = 'FROM golang:1.17\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/app .\n';
    const found = await solid({ ...files, 'backend.Dockerfile': whole, 'cache.Dockerfile': whole });
    assert.ok(found.includes('backend → redis') && found.includes('cache → postgres'), found.join(', '));
  });

  it('not sure, as before: a binary whose own package holds no Go file the map can read', async () => {
    const { ['cmd/backend/backend.go']: _backend, ...files } = microservices();
    const found = await solid(files);
    assert.ok(found.includes('backend → redis') && !found.includes('cache → postgres'), found.join(', '));
  });
});
