// One test of the loopback address (issue #95): the threat model's published ports (derive.ts), the summarised answer's
// (summarised.ts) and a long syntax item's `host_ip` (evidence.ts) ask the map's own isLoopbackAddress, so that a port
// the map draws as local is never a way in for the threats, and every 127.0.0.0/8 address and `::1` are the loopback.
import assert from 'node:assert/strict';
import { isLoopbackAddress } from '../../../src/features/system/addresses';
import { loopbackItem, publishedOnLoopback } from '../../../src/threats/evidence';

describe('threats: the loopback address, one test for the map and the threats (issue #95)', () => {
  it('a short port item published on any loopback address, and only those, is local: as the map says of its host address', () => {
    const hosts = ['127.0.0.1', '127.0.0.2', '127.1.2.3', 'localhost', '[::1]', '0.0.0.0', '10.0.0.5', '[::]', '192.168.1.127'];
    const lines = hosts.map((host) => `      - "${host}:8080:80"`);
    assert.deepEqual(lines.map(publishedOnLoopback), hosts.map(isLoopbackAddress));
    assert.deepEqual(lines.map(publishedOnLoopback), [true, true, true, true, true, false, false, false, false]);
    // In a flow sequence, and never a port pair with no host address.
    assert.equal(publishedOnLoopback('    ports: ["127.0.0.5:5001:5000"]'), true);
    assert.deepEqual(['      - "8080:80"', '      - 5432:5432', '    ports: ["3000:3000"]'].map(publishedOnLoopback), [false, false, false]);
  });

  it("a long syntax item's host_ip on the loopback (any of 127.0.0.0/8, ::1) is local; another address is not", () => {
    const item = (hostIp: string) => ['    ports:', '      - target: 80', '        published: 8080', `        host_ip: ${hostIp}`];
    assert.deepEqual(['127.0.0.1', '127.0.0.2', '"::1"', 'localhost', '0.0.0.0', '10.1.1.1'].map((ip) => loopbackItem(item(ip), 2)), [true, true, true, true, false, false]);
  });
});
