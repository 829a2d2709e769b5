// Ingresses and Istio Gateways in plaintext (issue #95): a way in from the Internet that carries its users' requests
// and session in clear is Threagile's unencrypted-communication on the line that opens it, with its path from the
// Internet, as a plaintext NodePort's; with `tls:` (an Ingress) or a `tls.mode` on every server that answers (an Istio
// Gateway; `httpsRedirect` answers only with a redirect), none. Real files: kubernetes/examples'
// AI/model-serving-tensorflow (an Ingress without TLS in front of TensorFlow Serving, fixtures/oss/k8s-examples-2025)
// and Istio's bookinfo Gateway (HTTP on 8080, hosts "*", fixtures/oss/system/istio+istio), both Apache-2.0, each
// beside a twin that adds TLS.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { entryTlsOf } from '../../../src/threats/entryTls';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Risk { rule: string; title: string; elements: string[]; sources: { file: string; line: number }[] }

const read = (...parts: string[]) => fs.readFileSync(path.join(fixturesDir, 'oss', ...parts), 'utf8');
async function risksOf(root: string, folder: string): Promise<Risk[]> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], root);
  return (JSON.parse(out) as { risks: Risk[] }).risks;
}
/** The risks of the ways in from the Internet: `rule path @file:line`. */
const fromInternet = (risks: readonly Risk[]) => risks.filter((r) => r.elements[0] === 'internet' && r.elements.length === 2)
    .map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')} @${r.sources.map((s) => `${path.basename(s.file)}:${s.line}`).join(',')}`).sort();

describe('threats: Ingresses and Istio Gateways in plaintext (issue #95)', function () {
  this.timeout(300_000);
  const tensorflow = ['k8s-examples-2025', 'AI', 'model-serving-tensorflow'];
  const ingress = read(...tensorflow, 'ingress.yaml');
  const gateway = read('system', 'istio+istio', 'samples', 'bookinfo', 'networking', 'bookinfo-gateway.yaml');
  const bookinfo = read('system', 'istio+istio', 'samples', 'bookinfo', 'platform', 'kube', 'bookinfo.yaml');
  // The twins: the same files with TLS (the Ingress's `tls:`; the Gateway's HTTPS server and a redirect on its HTTP one).
  const ingressTls = ingress.replace('spec:\n', 'spec:\n  tls:\n    - hosts: [models.example.org]\n      secretName: models-tls\n');
  const gatewayTls = gateway.replace('  - port:\n      number: 8080\n      name: http\n      protocol: HTTP\n', [
    '  - port:', '      number: 443', '      name: https', '      protocol: HTTPS', '    tls:', '      mode: SIMPLE', '      credentialName: bookinfo-credential', '    hosts:', '    - "*"',
    '  - port:', '      number: 8080', '      name: http', '      protocol: HTTP', '    tls:', '      httpsRedirect: true', '',
  ].join('\n'));
  // HTTPS first (port 443, which alone read as TLS before), then a server in plaintext: plaintext, on that server's line.
  const gatewayMixed = gatewayTls.replace('      httpsRedirect: true\n', '      minProtocolVersion: TLSV1_2\n');

  it('which servers answer in plaintext, on their lines', () => {
    const tls = (text: string) => {
      // The Kubernetes document (the file's first): what the derivation hands in.
      const { tls, plaintextLine } = entryTlsOf({ lines: text.split('\n---\n')[0].split('\n'), first: 10 });
      return plaintextLine === undefined ? tls : `${tls}@${plaintextLine - 10 + 1}`;
    };
    assert.notEqual(gatewayTls, gateway, 'the twin was made');
    assert.equal(tls(ingress), false);
    assert.equal(tls(ingressTls), true);
    assert.equal(tls(ingress.replace('  annotations:\n', '  annotations:\n    networking.gke.io/managed-certificates: models-cert\n')), true, "GKE's managed certificate");
    assert.equal(tls(gateway), 'false@11', "bookinfo's only server, its `- port:` line");
    assert.equal(tls(gatewayTls), true, 'HTTPS, and HTTP answering with a redirect only');
    assert.equal(tls(gatewayMixed), 'false@20', 'the second server, in plaintext');
    // A Gateway API Gateway: its listeners' `tls:` as before.
    assert.equal(tls('apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: web\nspec:\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP'), false);
  });

  it('a risk from the Internet on the line that opens each plaintext way in; its TLS twin, none', async () => {
    const { root, remove } = makeTree({
      'ingress/ingress.yaml': ingress,
      'ingress-tls/ingress.yaml': ingressTls,
      ...Object.fromEntries(['deployment.yaml', 'service.yaml'].flatMap((f) => [[`ingress/${f}`, read(...tensorflow, f)], [`ingress-tls/${f}`, read(...tensorflow, f)]])),
      'gateway/bookinfo-gateway.yaml': gateway,
      'gateway/bookinfo.yaml': bookinfo,
      'gateway-tls/bookinfo-gateway.yaml': gatewayTls,
      'gateway-tls/bookinfo.yaml': bookinfo,
      'gateway-mixed/bookinfo-gateway.yaml': gatewayMixed,
      'gateway-mixed/bookinfo.yaml': bookinfo,
    });
    try {
      assert.deepEqual(fromInternet(await risksOf(root, 'ingress')), ['unencrypted-communication internet>tf-serving-ingress @ingress.yaml:7']);
      assert.deepEqual(fromInternet(await risksOf(root, 'ingress-tls')), []);
      const open = await risksOf(root, 'gateway');
      assert.deepEqual(fromInternet(open), ['unencrypted-communication internet>bookinfo-gateway @bookinfo-gateway.yaml:11']);
      assert.deepEqual(fromInternet(await risksOf(root, 'gateway-tls')), []);
      assert.deepEqual(fromInternet(await risksOf(root, 'gateway-mixed')), ['unencrypted-communication internet>bookinfo-gateway @bookinfo-gateway.yaml:20']);
      assert.equal(open.find((r) => r.elements.at(-1)?.endsWith('bookinfo-gateway'))?.title, 'Unencrypted Communication named :8080 to bookinfo-gateway between Internet and bookinfo-gateway transferring authentication data (like credentials, token, session-id, etc.)');
    } finally {
      remove();
    }
  });
});
