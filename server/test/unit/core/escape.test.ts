// One escaper per output format for a string read from the workspace (#92, common/escape.ts): terminal text,
// Markdown text, CSV cells — each writer of the format uses it, so a hostile name is written the same way by
// every command and becomes no structure.
import assert from 'node:assert/strict';
import { csvCell, markdownText, terminalText } from '../../../src/common/escape';
import { ropaCsv, ropaMarkdown } from '../../../src/privacy/ropa';

describe('common/escape: terminal text', () => {
  it('a line break cannot start a GitHub Actions command on a line of its own', () => {
    const name = 'api\n::error::pwned\r\n::stop-commands::x';
    const line = `component ${terminalText(name)} added`;
    assert.equal(line.split('\n').length, 1);
    assert.equal(line, 'component api\\n::error::pwned\\r\\n::stop-commands::x added');
  });

  it('escape sequences, C1 controls, DEL and bidirectional overrides are written as escapes', () => {
    assert.equal(terminalText('a\x1b[31mred\x1b[0m'), 'a\\x1b[31mred\\x1b[0m');
    assert.equal(terminalText('\x9b2J\x7f\t'), '\\x9b2J\\x7f\\t');
    assert.equal(terminalText('admin\u202e\u2066x\u2028'), 'admin\\u202e\\u2066x\\u2028');
  });

  it('everything else is unchanged (letters of any script, punctuation, emoji)', () => {
    const text = 'Base de données — été: 5 % ✓ 🚀 $HOME {{x}} |a|';
    assert.equal(terminalText(text), text);
  });
});

describe('common/escape: Markdown text', () => {
  it('the characters that open or close an inline structure are escaped; a cell stays one cell on one line', () => {
    assert.equal(markdownText('a|b\r\nc'), 'a\\|b c');
    assert.equal(markdownText('*x* _y_ `z` [l](u) <b> &amp; ~s~ $m$'), '\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\&amp; \\~s\\~ \\$m\\$');
    assert.equal(markdownText('@org/team #12 see https://x.example'), '\\@org/team \\#12 see https\\://x.example');
    assert.equal(markdownText('back\\slash'), 'back\\\\slash');
  });

  it('versions, dates, numbers and hyphenated names read as written', () => {
    const text = 'postgres-16.2 (2026-11-27) 0.95 api-gateway: ok. learning_rate';
    assert.equal(markdownText(text), text);
  });
});

describe('common/escape: CSV cells (RFC 4180, OWASP formula injection)', () => {
  it('a cell a spreadsheet would run is prefixed with a quote mark: = + - @ TAB CR', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    assert.equal(csvCell('+cmd'), "'+cmd");
    assert.equal(csvCell('-1+cmd|calc'), "'-1+cmd|calc");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), '"\'\rx"');
  });

  it('numbers stay numbers; separators, quotes and line breaks are quoted', () => {
    assert.equal(csvCell('-0.5'), '-0.5');
    assert.equal(csvCell('+3'), '+3');
    assert.equal(csvCell('1e-3'), '1e-3');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });

  it('the RoPA writes its cells through them (a processing named "-1+cmd" or "+x")', () => {
    const ropa = {
      organization: { controller: '=cmd', dpo: '-1+2', representative: '' },
      rows: [],
      undeclared: [],
      dates: {},
    } as unknown as Parameters<typeof ropaCsv>[0];
    const csv = ropaCsv(ropa);
    assert.doesNotMatch(csv, /(^|,)[=+\-@]/m);
    assert.match(ropaMarkdown(ropa), /Controller: =cmd/);
  });
});
