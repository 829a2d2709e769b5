// `archipel diff --fail-on` (issue #80): the gates parsed (so that `cost>N` can join) and checked.
import assert from 'node:assert/strict';
import { compareMaps, type MapJson } from '../../../src/archdiff/compare';
import { gateFailures, parseGates } from '../../../src/archdiff/gates';

const sides = { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } };
const users = { id: 'person:users', kind: 'person', name: 'Users', sources: [] };
const cache = { id: 'compose:.:cache', kind: 'cache', name: 'cache', sources: [{ file: 'compose.yaml', line: 3 }] };
const closed: MapJson = { nodes: [users, cache], edges: [] };
const open: MapJson = { nodes: [users, cache], edges: [{ from: 'person:users', to: 'compose:.:cache', kind: 'calls', label: ':6379', sources: [{ file: 'compose.yaml', line: 5 }] }] };

describe('archdiff: --fail-on', () => {
  it('exposure, given once, twice or in a list: one gate', () => {
    assert.deepEqual(parseGates([]), []);
    assert.deepEqual(parseGates(['exposure']), [{ kind: 'exposure' }]);
    assert.deepEqual(parseGates(['exposure,exposure', ' exposure']), [{ kind: 'exposure' }]);
  });

  it('threats, alone or with exposure: each gate once, in the order given', () => {
    assert.deepEqual(parseGates(['threats']), [{ kind: 'threats' }]);
    assert.deepEqual(parseGates(['threats,exposure', 'threats']), [{ kind: 'threats' }, { kind: 'exposure' }]);
  });

  it('continuity, alone or listed: one gate', () => {
    assert.deepEqual(parseGates(['continuity,exposure', 'continuity']), [{ kind: 'continuity' }, { kind: 'exposure' }]);
  });

  it('cost>N: one gate at the lowest bound given; anything else: unknown', () => {
    assert.deepEqual(parseGates(['exposure,cost>100', 'cost>12.5']), [{ kind: 'exposure' }, { kind: 'cost', above: 12.5 }]);
    assert.deepEqual(parseGates(['exposur']), new Error('--fail-on: unknown gate "exposur" (known: exposure, threats, continuity, policy, cost>N)'));
    assert.deepEqual(parseGates(['cost>']), new Error('--fail-on: unknown gate "cost>" (known: exposure, threats, continuity, policy, cost>N)'));
    assert.deepEqual(parseGates(['cost>-1']), new Error('--fail-on: unknown gate "cost>-1" (known: exposure, threats, continuity, policy, cost>N)'));
    assert.deepEqual(parseGates(['']), new Error('--fail-on: unknown gate "" (known: exposure, threats, continuity, policy, cost>N)'));
  });

  it('exposure fails when an entry point is opened, not when one is closed or none changes', () => {
    const gates = [{ kind: 'exposure' as const }];
    assert.deepEqual(gateFailures(compareMaps(closed, open, sides), gates), ['--fail-on exposure: 1 entry point opened (Users → cache :6379)']);
    assert.deepEqual(gateFailures(compareMaps(open, closed, sides), gates), []);
    assert.deepEqual(gateFailures(compareMaps(open, open, sides), gates), []);
    assert.deepEqual(gateFailures(compareMaps(closed, open, sides), []), []);
  });

  it('threats fails when a risk is raised (each said with its severity, rule and attack path), not when one is resolved', () => {
    const risk = { id: 'unguarded-direct-datastore-access@x', rule: 'threat-unguarded-direct-datastore-access', title: 'Unguarded Direct Datastore Access of cache', severity: 'elevated', stride: 'elevation-of-privilege', likelihood: 'likely', impact: 'medium', path: ['internet', 'compose:.:cache'], pathNames: ['Internet', 'cache'], sources: [{ file: 'compose.yaml', line: 5 }] };
    const gates = [{ kind: 'threats' as const }];
    assert.deepEqual(gateFailures(compareMaps({ ...closed, risks: [] }, { ...open, risks: [risk] }, sides), gates), ['--fail-on threats: 1 risk raised (elevated threat-unguarded-direct-datastore-access: Internet → cache)']);
    assert.deepEqual(gateFailures(compareMaps({ ...open, risks: [risk] }, { ...closed, risks: [] }, sides), gates), []);
    assert.deepEqual(gateFailures(compareMaps({ ...open, risks: [risk] }, { ...open, risks: [risk] }, sides), gates), []);
  });
});
