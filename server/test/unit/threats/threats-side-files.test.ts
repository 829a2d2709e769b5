// The workspace files a Compose service puts in its container, read once for every module that looks into them (issue #95,
// threats/sideFiles.ts): bind mounts in the short and the long syntax, configs kept in a file, relative to the Compose
// file's folder; and a side file's URI from a relative path (an env_file, a mount's source, a Dockerfile's COPY).
import assert from 'node:assert/strict';
import { blockValue, composeMounts, mountedFile, record, sideUri } from '../../../src/threats/sideFiles';

const COMPOSE = 'file:///w/deploy/compose.yaml';

/** The mounts of the Compose file's first service, the file's text given for its top-level `configs:`. */
function mountsOf(text: string): { target: string; source: string }[] {
  const services = record(record(blockValue([text]))?.services) ?? {};
  return composeMounts(record(Object.values(services)[0]) ?? {}, COMPOSE, () => text);
}

describe('threats: the files a Compose service mounts (sideFiles.ts)', () => {
  it('reads the short and the long syntax of a bind mount, relative to the Compose file; named volumes and host paths are none', () => {
    const text = [
      'services:',
      '  rabbitmq:',
      '    volumes:',
      '      - ./.containerdata/rabbitmq:/var/lib/rabbitmq',
      '      - "./rabbitmq/:/etc/pitstop/:ro"',
      '      - type: bind',
      '        source: ../shared/envoy',
      '        target: /etc/envoy',
      '        read_only: true',
      '      - type: volume',
      '        source: ./not-a-bind',
      '        target: /data',
      '      - data:/var/lib/data',
      '      - /var/run/docker.sock:/var/run/docker.sock',
      '      - ~/certs:/certs',
      '      - ${CONF_DIR}/x:/etc/x',
    ].join('\n');
    assert.deepEqual(mountsOf(text), [
      { target: '/var/lib/rabbitmq', source: 'file:///w/deploy/.containerdata/rabbitmq' },
      { target: '/etc/pitstop', source: 'file:///w/deploy/rabbitmq' },
      { target: '/etc/envoy', source: 'file:///w/shared/envoy' },
    ]);
  });

  it("reads a service's block that names the file's anchors (`<<: *common`, `logging: *log`): its mounts still stand", () => {
    const block = ['  rabbitmq:', '    <<: *common', '    logging: *default-logging', '    volumes:', '      - ./rabbitmq:/etc/pitstop'];
    const service = record(record(blockValue(block))?.rabbitmq) ?? {};
    assert.deepEqual(composeMounts(service, COMPOSE, () => undefined), [{ target: '/etc/pitstop', source: 'file:///w/deploy/rabbitmq' }]);
  });

  it("reads a service's configs kept in a file: the long form's target, the short form's `/<name>`; inline, external and host configs none", () => {
    const text = [
      'services:',
      '  rabbitmq:',
      '    configs:',
      '      - source: rabbitmq_conf',
      '        target: /etc/rabbitmq/rabbitmq.conf',
      '      - plugins',
      '      - inline',
      '      - outside',
      '      - shared',
      'configs:',
      '  rabbitmq_conf:',
      '    file: ./rabbitmq/rabbitmq.conf',
      '  plugins:',
      '    file: enabled_plugins',
      '  inline:',
      '    content: default_user = guest',
      '  outside:',
      '    file: /etc/rabbitmq.conf',
      '  shared:',
      '    external: true',
    ].join('\n');
    const mounts = mountsOf(text);
    assert.deepEqual(mounts, [
      { target: '/etc/rabbitmq/rabbitmq.conf', source: 'file:///w/deploy/rabbitmq/rabbitmq.conf' },
      { target: '/plugins', source: 'file:///w/deploy/enabled_plugins' },
    ]);
    assert.equal(mountedFile('/etc/rabbitmq/rabbitmq.conf', mounts), 'file:///w/deploy/rabbitmq/rabbitmq.conf');
  });

  it('resolves a path of the container through the deepest mount holding it', () => {
    const mounts = [
      { target: '/etc', source: 'file:///w/etc' },
      { target: '/etc/pitstop', source: 'file:///w/deploy/rabbitmq' },
    ];
    assert.equal(mountedFile('/etc/pitstop/rabbitmq.conf', mounts), 'file:///w/deploy/rabbitmq/rabbitmq.conf');
    assert.equal(mountedFile('/etc/hosts', mounts), 'file:///w/etc/hosts');
    assert.equal(mountedFile('/etc/pitstop', mounts), 'file:///w/deploy/rabbitmq');
    assert.equal(mountedFile('/etcetera/x', mounts), undefined);
  });

  it("gives a side file's URI from a path relative to a file or a folder, and none for what is not a workspace path", () => {
    assert.equal(sideUri('./config/a b.env', COMPOSE), 'file:///w/deploy/config/a%20b.env');
    assert.equal(sideUri('../.env', COMPOSE), 'file:///w/.env');
    assert.equal(sideUri('envoy.yaml', 'file:///w/deploy/envoy/'), 'file:///w/deploy/envoy/envoy.yaml');
    for (const path of ['${ENV_FILE}', '/etc/app.env', '~/app.env', 'https://example.com/a.env', 'C:/app.env', '']) assert.equal(sideUri(path, COMPOSE), undefined, path);
  });
});
