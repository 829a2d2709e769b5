// A database's host and port kept in a Secret and read by `secretKeyRef` env are the workload's call, said at the Secret's
// line (issue #95): IBM's spring-boot-microservices-on-kubernetes keeps `host` and `port` base64 in `data`, and
// compute-interest-api reads them as MYSQL_DB_HOST / MYSQL_DB_PORT. A decoded value is shown only as `host:port`.
// Reduction in fixtures/oss/system/IBM+spring-boot-microservices-on-kubernetes.
import assert from 'node:assert/strict';
import { corpus, evidencedCalls, mapCalls } from '../system/repositories';

describe('Kubernetes: a host in a Secret read by secretKeyRef (issue #95)', () => {
  it("the call to the database is on the map, at the Secret's line", async () => {
    const calls = await evidencedCalls('IBM+spring-boot-microservices-on-kubernetes', corpus);
    assert.ok(calls.includes('compute-interest-api → account-database [MySQL :3306] secrets.yaml:10'), calls.join('\n'));
    assert.ok(!calls.some((c) => /password|michaelbolton/.test(c)), calls.join('\n'));
  });

  it('a Secret’s stringData is read as it is; a value that is not base64 is not read', () => {
    const files = (host: string) => ({
      'k8s.yaml': [
        'apiVersion: v1', 'kind: Secret', 'metadata: {name: db}', host, '---',
        'apiVersion: v1', 'kind: Service', 'metadata: {name: orders-db}', 'spec: {ports: [{port: 5432}], selector: {app: db}}', '---',
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: orders}', 'spec:', '  template:', '    spec:', '      containers:',
        '        - name: orders', '          image: orders:1', '          env:',
        '            - {name: DB_HOST, valueFrom: {secretKeyRef: {name: db, key: host}}}',
        '            - {name: DB_PORT, value: "5432"}', '',
      ].join('\n'),
    });
    assert.deepEqual(mapCalls(files('stringData: {host: orders-db}')), ['orders → orders-db']);
    assert.deepEqual(mapCalls(files('data: {host: "orders-db!"}')), []);
  });
});
