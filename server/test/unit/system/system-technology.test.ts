// What an image names (features/system/technology.ts): the table's first entry whose expression matches,
// kept per repository (a tag changes nothing) — the same answer every time it is asked.
import assert from 'node:assert/strict';
import { runtimeOfImage, technologyOfImage } from '../../../src/features/system/technology';

describe('System map: the technology of an image', () => {
  const cases: [string, string | undefined][] = [
    ['postgres:16', 'PostgreSQL'],
    ['docker.io/bitnami/postgresql:15.4.0', 'PostgreSQL'],
    ['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0', 'PostgreSQL'],
    ['redis:7-alpine', 'Redis'],
    ['REDIS', 'Redis'],
    ['registry.k8s.io/ingress-nginx/controller:v1.9.4', 'NGINX'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'NGINX'],
    ['gcr.io/cloud-spanner-emulator/emulator', 'Spanner'],
    ['quay.io/prometheus/node-exporter:v1.7.0', 'node-exporter'],
    ['ghcr.io/acme/orders-api:1.2.3', undefined],
    ['my-postgres-client:1', undefined],
    ['nginx-exporter', undefined],
    ['', undefined],
  ];

  it('gives the first matching entry of the table, or none, and the same the second time', () => {
    for (const [reference, name] of cases) {
      const first = technologyOfImage(reference);
      assert.equal(first?.name, name, reference);
      assert.equal(technologyOfImage(reference), first, `${reference}, asked again`);
    }
  });

  it('answers alike for the tags and registries of one repository, whichever is asked first', () => {
    for (const [first, second] of [['postgres:16', 'docker.io/library/postgres:15'], ['myorg/api:1', 'myorg/api:2'], ['python:3.12', 'PYTHON:3.11']]) {
      assert.equal(technologyOfImage(second), technologyOfImage(first), `${first} then ${second}`);
      assert.equal(runtimeOfImage(second), runtimeOfImage(first), `${first} then ${second}`);
    }
  });

  it("gives a language image's runtime, a product's name, or none, the same the second time", () => {
    const runtimes: [string, string | undefined][] = [
      ['python:3.12-slim', 'Python'],
      ['node:20', 'Node.js'],
      ['mcr.microsoft.com/dotnet/aspnet:8.0', '.NET'],
      ['postgres:16', 'PostgreSQL'],
      ['ghcr.io/acme/orders-api:1.2.3', undefined],
    ];
    for (const [reference, runtime] of runtimes) {
      assert.equal(runtimeOfImage(reference), runtime, reference);
      assert.equal(runtimeOfImage(reference), runtime, `${reference}, asked again`);
    }
  });
});
