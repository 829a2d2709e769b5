// Well-known products' own configuration names their peers (issue #95): deviantony/docker-elk's Logstash pipeline, Kibana's
// and Beats' settings (server/test/fixtures/oss/appconfig/deviantony+docker-elk, SOURCES.md there), and each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { configAddresses } from '../../../src/appconfig/mountedValues';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';
import type { SystemViewGraph } from '../../../src/system/views';

/** The calls of the containers view (users' aside) as `from → to [label] file:line…`. */
function calls(graph: SystemViewGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${e.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`).join(' ')}`))].sort();
}

const fixture = (name: string) => readTree(path.join(fixturesDir, 'oss', 'appconfig', name));
const found = (file: string, text: string) => configAddresses(file, text).map((a) => `${a.host}:${a.port ?? ''}${a.scheme ? ` ${a.scheme}` : ''} «${text.slice(a.start, a.end)}»`).sort();

describe('well-known products\' own configuration names their peers (issue #95)', function () {
  this.timeout(300_000);

  it('deviantony/docker-elk: Logstash\'s pipeline output and Kibana\'s `elasticsearch.hosts`, each with its line', async () => {
    const got = calls(await treeContainers(fixture('deviantony+docker-elk')));
    assert.deepEqual(got.filter((call) => /^(kibana|logstash) → /.test(call)), [
      'kibana → elasticsearch [HTTP :9200] kibana.yml:7 kibana.yml:39 docker-compose.yml:122',
      'logstash → elasticsearch [HTTP :9200] logstash.conf:15 docker-compose.yml:105',
    ]);
  });

  it('reads a Logstash pipeline\'s input and output plugins\' `hosts` and `url`, not where an input listens', () => {
    const pipeline = [
      'input {',
      '  beats { port => 5044 host => "0.0.0.0" }',
      '  elasticsearch { hosts => ["es-old:9200", \'es-older\'] query => \'{ "query": { "match_all": {} } }\' }',
      '}',
      'filter { http { url => "http://enricher:8080/x" } }',
      'output {',
      '  # elasticsearch { hosts => "commented:9200" }',
      '  if [type] == "audit" {',
      '    http { url => "http://audit:8080/events" http_method => "post" codec => json { charset => "UTF-8" } }',
      '  } else {',
      '    elasticsearch { hosts => es add_field => { "url" => "http://not-a-setting:1" } }',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(found('pipeline/main.conf', pipeline), [
      'audit:8080 http «http://audit:8080/events»',
      'es-old:9200 «es-old:9200»',
      'es-older:9200 «es-older»',
      'es:9200 «es»',
    ]);
    // Another `.conf` is read as `key value` lines still.
    assert.deepEqual(found('fluent-bit.conf', '[OUTPUT]\n    Host  oap\n    Port  12800\n'), ['oap:12800 «oap»']);
  });

  it('reads Beats\' and Curator\'s `hosts` (docker-elk\'s extensions)', () => {
    const files = fixture('deviantony+docker-elk');
    assert.deepEqual(found('filebeat.yml', files['extensions/filebeat/config/filebeat.yml']).filter((a) => !a.startsWith('0.0.0.0')), ['elasticsearch:9200 http «http://elasticsearch:9200»']);
    assert.deepEqual(found('curator.yml', files['extensions/curator/config/curator.yml']), ['elasticsearch:9200 http «http://elasticsearch:9200»']);
  });
});
