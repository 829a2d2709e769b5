// What a file's system checks build (issue #68): a file no system finding can land on (a Prometheus rule file)
// asks no model, so a check of rule files beside Compose projects (the bench's layout: awesome-prometheus-alerts'
// rules/ beside awesome-compose's compose/) runs no Compose contribution; a Compose file's check still builds the
// model and gets its system-* findings, the same as with every file's checks.
import { composeFace } from '../../../src/compose/api';
import { mermaidFace } from '../../../src/mermaid/api';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import type { SystemContribution } from '../../../src/features/system/contributor';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { mayHoldSystemFindings, systemFeature } from '../../../src/system/feature';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';

const rulesDir = path.join(fixturesDir, 'oss', 'prometheus', 'corpus', 'awesome-prometheus-alerts');
const composeDir = path.join(fixturesDir, 'oss', 'compose', 'docker+awesome-compose');

/** The layout: every rule file under rules/, and the Compose projects of a few awesome-compose folders under compose/. */
function layout(): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const name of fs.readdirSync(rulesDir).filter((n) => n.endsWith('.yml'))) index.update(`file:///w/rules/${name}`, fs.readFileSync(path.join(rulesDir, name), 'utf8'));
  for (const project of ['flask-redis', 'postgresql-pgadmin', 'nginx-nodejs-redis', 'apache-php']) {
    for (const name of fs.readdirSync(path.join(composeDir, project)).filter((n) => /^(docker-)?compose\.ya?ml$/.test(n))) {
      index.update(`file:///w/compose/${project}/${name}`, fs.readFileSync(path.join(composeDir, project, name), 'utf8'));
    }
  }
  return index;
}

/** The system feature over every family's contribution, the Compose family's counted. */
function counted(): { feature: ReturnType<typeof systemFeature>; composeRuns: () => number } {
  let runs = 0;
  const contributions: SystemContribution[] = systemContributors(families).map((c) =>
    c.family === 'compose'
      ? {
          family: c.family,
          contributor: {
            ...c.contributor,
            contribute: (builder) => {
              runs++;
              c.contributor.contribute(builder);
            },
          },
        }
      : c,
  );
  return { feature: systemFeature(contributions, { compose: composeFace, mermaid: mermaidFace }), composeRuns: () => runs };
}

describe('System checks: only what can concern the checked files', () => {
  it('a rule file beside Compose projects asks no model: no Compose contribution, no finding, nothing to prepare', () => {
    const index = layout();
    const { feature, composeRuns } = counted();
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const rules = [...index.files()].filter((f) => f.uri.startsWith('file:///w/rules/'));
    assert.equal(rules.length, 112);
    for (const file of rules) {
      assert.equal(mayHoldSystemFindings(file, index, composeFace), false, file.uri);
      assert.equal(feature.prepare!(file, context), undefined, file.uri);
      assert.deepEqual(diagnoseFile(file, [feature], context), [], file.uri);
    }
    assert.equal(composeRuns(), 0);
  });

  it('a Compose file of the same layout still builds the model and gets its system-* findings', () => {
    const index = layout();
    const { feature, composeRuns } = counted();
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const file = index.get('file:///w/compose/flask-redis/compose.yaml')!;
    assert.equal(mayHoldSystemFindings(file, index, composeFace), true);
    const codes = diagnoseFile(file, [feature], context).map((d) => String(d.code));
    assert.deepEqual(codes, ['system-exposed-store']);
    assert.equal(composeRuns(), 1);
  });

  it('a Kubernetes manifest, a kustomization, a chart\'s values and any file that is not YAML may hold findings', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const files: Record<string, string> = {
      'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
      'k8s/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'image:\n  repository: web\n',
      'chart/templates/sub/extra.yaml': 'data: {}\n',
      'app/compose.yaml': 'services:\n  web:\n    image: web\n',
      'main.tf': 'resource "aws_db_instance" "db" {}\n',
      'docs/README.md': '# Title\n',
      'rules/alerts.yml': 'groups:\n  - name: web\n    rules: []\n',
      'monitoring/prometheus.yml': 'scrape_configs:\n  - job_name: web\n    static_configs:\n      - targets: ["web:8080"]\n',
    };
    for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
    const may = (name: string) => mayHoldSystemFindings(index.get(`file:///p/${name}`)!, index, composeFace);
    for (const name of ['k8s/deploy.yaml', 'k8s/kustomization.yaml', 'chart/values.yaml', 'chart/templates/sub/extra.yaml', 'app/compose.yaml', 'main.tf', 'docs/README.md']) assert.equal(may(name), true, name);
    for (const name of ['rules/alerts.yml', 'monitoring/prometheus.yml']) assert.equal(may(name), false, name);
  });
});
