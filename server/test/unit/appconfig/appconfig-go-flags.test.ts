// Go's command-line flags with their defaults (issue #95): harlow/go-micro-services' one binary, run as five Compose services,
// takes its peers' addresses from `flag.String("geoaddr", "geo:8080", …)` (server/test/fixtures/oss/appconfig, SOURCES.md there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appConfigFiles } from '../../../src/appconfig/files';
import { readAppConfig } from '../../../src/appconfig/readers';
import { fixturesDir } from '../../helpers';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string }[] };

const calls = (graph: Graph): string[] => {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}]`))].sort();
};

const main = readFileSync(path.join(fixturesDir, 'oss', 'appconfig', 'harlow+go-micro-services', 'cmd', 'go-micro-services', 'main.go'), 'utf8');

describe('Go flag defaults are a program\'s addresses (issue #95)', function () {
  this.timeout(300_000);

  it('go-micro-services: the sniff claims main.go, whose flag defaults and trace endpoint are read (a help text\'s `default: jaeger:4317` is not)', () => {
    assert.equal(appConfigFiles.sniff?.claims?.(main), true);
    assert.deepEqual(readAppConfig('code', main).calls.map((call) => `${call.host}:${call.port ?? ''}`), ['profile:8080', 'geo:8080', 'rate:8080', 'search:8080', 'jaeger:4317']);
    for (const line of ['fs.StringVar(&addr, "addr", "db:5432", "")', 'pflag.StringP("api", "a", "http://api:80", "")', 'app := kingpin.Flag("broker", "").Default("nats:4222").String()']) {
      assert.equal(appConfigFiles.sniff?.claims?.(`package main\n\nfunc main() {\n\t${line}\n}\n`), !line.startsWith('fs.'), line);
    }
  });

  it('a program run by one service: its flag defaults naming components are its calls', async () => {
    const got = await treeContainers({
      'docker-compose.yml': 'services:\n  api:\n    build: .\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n',
      'Dockerfile': 'FROM golang:1.22\nCOPY . /src\nRUN go install ./cmd/...\n',
      'cmd/api/main.go': 'package main\n\nimport "flag"\n\nvar (\n\tdbaddr = flag.String("db", "db:5432", "Database addr")\n\tcacheaddr = flag.String("cache", "cache:6379", "Cache addr")\n)\n',
    });
    assert.deepEqual(calls(got), ['api → cache [Redis :6379 (code)]', 'api → db [PostgreSQL :5432 (code)]']);
  });
});
