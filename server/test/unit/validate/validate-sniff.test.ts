// Issue #42: a CSV is sniffed once per validation, then read with the dialect and columns DuckDB's
// sniffer found (engines/validate/dataFile.ts sniffedRelation): the rows, names and types must be
// those of DuckDB's own auto-detected read, for every dialect the sniffer finds.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDataFile } from '../../../src/engines/validate/dataFile';
import { validateData } from '../../../src/engines/validate/run';
import { makeTree } from '../../tempdir';

const FILES: Record<string, string | Buffer> = {
  'plain.csv': 'id,amount,label\n1,2.5,a\n2,NA,b\n3,4.25,\n',
  'semicolon-crlf.csv': 'a;b;c\r\n1;"x;y";2024-01-02\r\n2;"z""q";2024-02-03\r\n',
  'day-first.csv': 'd,t,n\n21/03/2024,10:00:00,NA\n22/03/2024,11:00:00,3\n',
  'timestamps.csv': 'at,v\n2024-03-21 10:00:00,1\n2024-03-22 11:30:00,nan\n',
  'duplicate-names.csv': 'a,a,b\n1,2,3\n4,5,6\n',
  'hostile-names.csv': `"it's",";DROP TABLE x;--","}{","a""b",'q'\n1,2,3,4,5\n`,
  'header-only.csv': 'x,y\n',
  'zipped.csv.gz': gzipSync('x,y\n1,a\n2,b\n'),
};

describe('validate: the CSV sniffed once (#42)', function () {
  this.timeout(120_000);
  const tree = makeTree({});
  for (const [name, content] of Object.entries(FILES)) writeFileSync(path.join(tree.root, name), content);
  writeFileSync(path.join(tree.root, 'empty.csv'), '');
  after(() => tree.remove());

  for (const name of Object.keys(FILES)) {
    for (const missing of ['pandas', 'empty'] as const) {
      it(`${name} (${missing}): the sniffed read gives DuckDB's auto-detected rows, names and types`, async () => {
        const data = openDataFile(path.join(tree.root, name), undefined);
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
          const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
          const [sniffed] = await rows(data.sniffQuery(false, missing) ?? assert.fail('a CSV has a sniff query'));
          const fixed = data.sniffedRelation(sniffed, missing) ?? assert.fail(`no relation from ${JSON.stringify(sniffed)}`);
          assert.match(fixed, /auto_detect = false/);
          const auto = data.relation(false, missing);
          assert.deepEqual(await rows(`DESCRIBE SELECT * FROM ${fixed}`), await rows(`DESCRIBE SELECT * FROM ${auto}`));
          assert.deepEqual(await rows(`SELECT * FROM ${fixed}`), await rows(`SELECT * FROM ${auto}`));
        } finally {
          connection.closeSync();
          instance.closeSync();
          data.close();
        }
      });
    }
  }

  it('refuses a sniffed row it does not expect (another type, a NUL), so that the file is read as DuckDB reads it', () => {
    const data = openDataFile(path.join(tree.root, 'plain.csv'), undefined);
    try {
      const row = { Delimiter: ',', Quote: '(empty)', Escape: '(empty)', NewLineDelimiter: '\\n', Comment: '(empty)', SkipRows: 0, HasHeader: true, DateFormat: null, TimestampFormat: null, Columns: [{ name: 'id', type: 'BIGINT' }] };
      assert.match(data.sniffedRelation(row) ?? '', /columns = \{'id': 'BIGINT'\}/);
      assert.equal(data.sniffedRelation({ ...row, Columns: [{ name: 'i\0d', type: 'BIGINT' }] }), undefined);
      assert.equal(data.sniffedRelation({ ...row, Delimiter: 1 }), undefined);
      assert.equal(data.sniffedRelation({ ...row, HasHeader: false }), undefined);
      assert.equal(data.sniffedRelation({ ...row, Columns: [] }), undefined);
    } finally {
      data.close();
    }
  });

  it('an empty file, which the sniffer refuses, is validated as before: no rows', async () => {
    const suite = { name: 's', expectations: [{ type: 'expect_table_row_count_to_be_between', kwargs: { min_value: 0, max_value: 0 } }] };
    const result = await validateData(path.join(tree.root, 'empty.csv'), suite as never);
    assert.equal(result.meta.row_count, 0);
    assert.equal(result.success, true);
  });
});
