// Usage files read as Infracost reads them (cost/usage.ts): a duplicated key (Infracost's own storage_share_test usage
// file has one) takes the last value with a warning on its line; an alias bomb, a syntax error and an oversized file
// are one clear error naming the file; a 2 MB file with 72,000 keys in one map is read (the YAML library's own
// duplicate-key check is quadratic in a map's keys); negative, NaN, infinite and absurd values are refused on their line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readUsage, UsageFileError } from '../../../src/cost/usage';
import { fixturesDir } from '../../helpers';

describe('cost: usage files', function () {
  this.timeout(120_000);

  it("Infracost's storage_share_test usage file: its key given twice takes the last value, with a warning on its line", () => {
    const text = readFileSync(path.join(fixturesDir, 'oss', 'infracost-goldens', 'azure', 'storage_share_test', 'storage_share_test.usage.yml'), 'utf8');
    const { usage, warnings } = readUsage(text, 'storage_share_test.usage.yml');
    assert.equal(usage['azurerm_storage_share.premium-filestorage[*]'].metadata_at_rest_storage_gb, 50000);
    assert.equal(usage['azurerm_storage_share.premium-filestorage[*]'].snapshots_storage_gb, 10000);
    assert.deepEqual(warnings, ['storage_share_test.usage.yml:11: metadata_at_rest_storage_gb is given twice in the same map: the last value is used']);
  });

  it('an alias bomb is one clear error naming the file, not a stack', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'resource_usage:', '  aws_instance.x:', '    monthly_hrs: 1'].join('\n');
    assert.throws(() => readUsage(bomb, 'bomb.yml'), (e: unknown) => e instanceof UsageFileError && /^bomb\.yml: .*alias/i.test(e.message));
  });

  it('a syntax error names the file and its line', () => {
    assert.throws(() => readUsage('resource_usage:\n  aws_instance.x:\n    monthly_hrs: [1\n', 'bad.yml'), (e: unknown) => e instanceof UsageFileError && /^bad\.yml:\d+: /.test(e.message));
  });

  it('a file past the bound is refused whole', () => {
    assert.throws(() => readUsage(`resource_usage:\n${'#'.repeat(9 * 1024 * 1024)}\n`, 'big.yml'), (e: unknown) => e instanceof UsageFileError && e.message === 'big.yml: the usage file is over 8 MB: not read');
  });

  it('a 2 MB file, 72,000 keys in one map and a duplicate at its end, is read whole', () => {
    const keys = Array.from({ length: 72000 }, (_, i) => `    key_number_${String(i).padStart(6, '0')}: ${i}`);
    const text = `version: 0.1\nresource_usage:\n  aws_instance.x:\n${keys.join('\n')}\n    key_number_000000: 7\n`;
    assert.ok(text.length > 2_000_000, String(text.length));
    const { usage, warnings } = readUsage(text, 'large.yml');
    assert.equal(Object.keys(usage['aws_instance.x']).length, 72000);
    assert.equal(usage['aws_instance.x'].key_number_071999, 71999);
    assert.equal(usage['aws_instance.x'].key_number_000000, 7);
    assert.deepEqual(warnings, ['large.yml:72004: key_number_000000 is given twice in the same map: the last value is used']);
  });

  it('negative, NaN, infinite and absurd values are refused on their line; the rest is read', () => {
    const text = ['resource_usage:', '  aws_nat_gateway.a:', '    monthly_data_processed_gb: -100', '  aws_nat_gateway.b:', '    monthly_data_processed_gb: .nan', '  aws_nat_gateway.c:', '    monthly_data_processed_gb: .inf', '  aws_nat_gateway.d:', '    monthly_data_processed_gb: 1e308', '  aws_nat_gateway.e:', '    monthly_data_processed_gb: 250', '    os_disk:', '      monthly_disk_operations: "-3"', '    operating_system: windows'].join('\n');
    const { usage, warnings } = readUsage(text, 'u.yml');
    assert.deepEqual(usage, { 'aws_nat_gateway.a': {}, 'aws_nat_gateway.b': {}, 'aws_nat_gateway.c': {}, 'aws_nat_gateway.d': {}, 'aws_nat_gateway.e': { monthly_data_processed_gb: 250, operating_system: 'windows' } });
    assert.deepEqual(warnings.sort(), [
      'u.yml:13: -3 is not a usage (a number from 0 to 1e+15 is expected): refused',
      'u.yml:3: -100 is not a usage (a number from 0 to 1e+15 is expected): refused',
      'u.yml:5: .nan is not a usage (a number from 0 to 1e+15 is expected): refused',
      'u.yml:7: .inf is not a usage (a number from 0 to 1e+15 is expected): refused',
      'u.yml:9: 1e308 is not a usage (a number from 0 to 1e+15 is expected): refused',
    ]);
  });
});
