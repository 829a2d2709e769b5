// A mesh turned on by a script (issue #95, kiali/demos travels): `kubectl label namespace <ns> istio-injection=enabled` in
// deploy.sh labels the namespace as a Namespace manifest would, so the hops between meshed workloads are Istio's mTLS. On a
// reduction of the real files (server/test/fixtures/oss/singles/kiali-travels, SOURCES.md there), then each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { meshLabels } from '../../../src/threats/meshLabels';
import { ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const travels = () => readTree(path.join(fixturesDir, 'oss', 'singles', 'kiali-travels'));
const read = (text: string) => meshLabels(text).map((l) => `${l.line}:${l.namespaces.join(',')} ${l.label}`);

describe('threats: a mesh turned on by a script (issue #95)', function () {
  this.timeout(300_000);

  it('kiali/demos travels: deploy.sh\'s `kubectl label namespace … istio-injection=enabled` makes the agency\'s hops mTLS, still unauthenticated', async () => {
    const files = travels();
    const calls = ['cars', 'flights', 'hotels', 'insurances'];
    const unauthenticated = [542, 538, 540, 544].map((line, i) => `missing-authentication travels-v1>${calls[i]}-v1 @travel_agency.yaml:${line}`).sort();
    const ofBoth = (risks: Awaited<ReturnType<typeof risksOf>>) => [...ofRule(risks, 'unencrypted-communication'), ...ofRule(risks, 'missing-authentication')];
    // Before: eight unencrypted-communication (the agency's four services to MySQL, travels to the four), the labels not seen.
    // Injection alone leaves Istio PERMISSIVE: any plaintext caller is taken, so the calls stay unauthenticated.
    assert.deepEqual(ofBoth(await risksOf(files)), unauthenticated);
    // The same files without the three label commands: the hops are plaintext again.
    const unlabelled = files['deploy.sh'].split('\n').filter((l) => !l.includes('kubectl label')).join('\n');
    const plaintext = ofRule(await risksOf({ ...files, 'deploy.sh': unlabelled }), 'unencrypted-communication');
    assert.deepEqual(plaintext, [
      ...[141, 300, 386, 454].map((line, i) => `unencrypted-communication ${calls[i]}-v1>mysqldb-v1 @travel_agency.yaml:${line}`),
      ...[542, 538, 540, 544].map((line, i) => `unencrypted-communication travels-v1>${calls[i]}-v1 @travel_agency.yaml:${line}`),
    ].sort());
    // The command in a README is documentation, not the install: not read.
    const readme = '```\nkubectl label namespace travel-agency istio-injection=enabled\n```\n';
    assert.deepEqual(ofRule(await risksOf({ ...files, 'deploy.sh': unlabelled, 'README.md': readme }), 'unencrypted-communication'), plaintext);
    // A STRICT PeerAuthentication refuses callers without the mesh's certificate: authenticated.
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: istio-system\nspec:\n  mtls:\n    mode: STRICT\n';
    assert.deepEqual(ofBoth(await risksOf({ ...files, 'mesh/strict.yaml': strict })), []);
  });

  it('reads `label namespace|ns <names…>`, `ns/<name>`, Istio\'s revision and Linkerd\'s annotation; not injection off, a label removed, a variable', () => {
    assert.deepEqual(read(travels()['deploy.sh']), ['7:travel-agency istio-injection=enabled', '8:travel-portal istio-injection=enabled', '9:travel-control istio-injection=enabled']);
    assert.deepEqual(read([
      'kubectl label ns shop web istio-injection=enabled --overwrite',
      'kubectl --context kind label namespace/billing istio.io/rev=1-24-0',
      '\tkubectl annotate namespaces emoji linkerd.io/inject=enabled  # Makefile recipe',
      'kubectl label namespace default istio-injection=disabled --overwrite',
      'kubectl label namespace default istio-injection-',
      'kubectl label namespace $NS istio-injection=enabled',
      'kubectl label pod web istio-injection=enabled',
      'kubectl annotate namespace emoji istio-injection=enabled',
      'echo kubectl',
    ].join('\n')), ['0:shop,web istio-injection=enabled', '1:billing istio.io/rev=1-24-0', '2:emoji linkerd.io/inject=enabled']);
  });
});
