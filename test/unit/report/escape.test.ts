import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeCsvCell,
  escapeHtml,
  escapeSlack,
  escapeSlackCode,
  escapeSlackCodeBlock,
  escapeTerminal,
  jsonForScript,
  neutraliseControls,
  toReadableJson,
  truncateText,
} from '../../../lib/report/escape';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["' onmouseover='x", '&#39; onmouseover=&#39;x'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['https://\u202eevil.example', 'https://\ufffdevil.example'],
    ['plain https://app.example.com', 'plain https://app.example.com'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element and round-trips through JSON.parse', () => {
    const hostile = { origin: '</script><script>window.__pwned=1</script><!--', sep: 'a\u2028b', amp: '&' };
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});

describe('escapeSlack', () => {
  it.each([
    ['<!channel> wake up', '&lt;!channel&gt; wake up'],
    ['<!here|here>', '&lt;!here\u2223here&gt;'],
    ['<@U012ABCDEF>', '&lt;@U012ABCDEF&gt;'],
    ['<https://evil.example|click me>', '&lt;https://evil.example\u2223click me&gt;'],
    ['a|b', 'a\u2223b'],
    ['R&D', 'R&amp;D'],
    ['ping @channel and @here', 'ping @\u2060channel and @\u2060here'],
    ['line1\nline2', 'line1\ufffdline2'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeSlack(input)).toBe(expected);
  });

  it('code blocks keep line breaks but cannot be closed early', () => {
    expect(escapeSlackCodeBlock('{\n  "a": "```<!here>"\n}')).toBe('{\n  "a": "\u02cb\u02cb\u02cb&lt;!here&gt;"\n}');
  });

  it('code spans cannot be closed by a backtick', () => {
    expect(escapeSlackCode('a`*bold*`')).toBe('a\u02cb*bold*\u02cb');
  });

  it('never leaves a raw < or > whatever the input', () => {
    const inputs = ['<<>>', '<!subteam^S123>', '<#C123>', '&lt;!channel&gt;'];
    for (const input of inputs) expect(escapeSlack(input)).not.toMatch(/[<>]/);
  });
});

describe('escapeTerminal', () => {
  it.each([
    ['\u001b[31mred\u001b[0m', '\ufffdred\ufffd'],
    ['\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007', '\ufffdlink\ufffd'],
    ['\u001b]0;new title\u001b\\x', '\ufffdx'],
    // An unterminated OSC is no sequence: it must not swallow the rest of the line.
    ['a, \u001b], https://evil-partner.example', 'a, \ufffd, https://evil-partner.example'],
    ['app.exam\u00adple.com\u{E0041}\u2028x', 'app.exam\ufffdple.com\ufffd\ufffdx'],
    ['bell\u0007', 'bell\ufffd'],
    ['carriage\rreturn', 'carriage\ufffdreturn'],
    ['multi\nline', 'multi\ufffdline'],
    ['https://example.com\u202e\u2066moc.live', 'https://example.com\ufffd\ufffdmoc.live'],
    ['\u009b31mc1', '\ufffdc1'],
    ['plain', 'plain'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeTerminal(input)).toBe(expected);
  });
});

describe('escapeCsvCell', () => {
  it.each<[string | number | boolean, string]>([
    ['plain', 'plain'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+cmd|calc', "'+1+cmd|calc"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "' =1"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [42, '42'],
    [-3, '-3'],
    [true, 'true'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeCsvCell(input)).toBe(expected);
  });
});

describe('truncateText', () => {
  it('keeps short values untouched', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('exactly10!', 10)).toBe('exactly10!');
  });

  it.each([50, 100, 256, 3000])('cuts 60 KB to at most %i chars with a visible marker', (max) => {
    const junk = 'A'.repeat(60_000);
    const cut = truncateText(junk, max);
    expect(cut.length).toBeLessThanOrEqual(max);
    expect(cut).toMatch(/… \[\+\d+ chars\]$/);
    const omitted = Number(/\+(\d+) chars/.exec(cut)?.[1]);
    expect(cut.indexOf('…') + omitted).toBe(60_000);
  });

  it('never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(100);
    const cut = truncateText(emoji, 41);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(cut.length).toBeLessThanOrEqual(41);
  });

  it('still marks the cut when max is smaller than the marker', () => {
    expect(truncateText('abcdefghijklmnopqrstuvwxyz', 5)).toBe('abcd…');
  });
});

describe('neutraliseControls', () => {
  it('keeps line breaks only when asked', () => {
    expect(neutraliseControls('a\nb\tc')).toBe('a\ufffdb\ufffdc');
    expect(neutraliseControls('a\nb\tc', { keepLineBreaks: true })).toBe('a\nb\tc');
  });
});

describe('laws (fast-check)', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 300 });

  it('escapeHtml output holds no markup character', () => {
    fc.assert(fc.property(anyText, (value) => !/[<>"'`]/.test(escapeHtml(value)) && !/&(?!(amp|lt|gt|quot|#39|#96);)/.test(escapeHtml(value))));
  });

  it('escapeSlack output holds no <, >, | or bare &', () => {
    fc.assert(fc.property(anyText, (value) => !/[<>|]/.test(escapeSlack(value)) && !/&(?!(amp|lt|gt);)/.test(escapeSlack(value))));
  });

  it('escapeTerminal output holds no control or bidi character', () => {
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    fc.assert(fc.property(anyText, (value) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(escapeTerminal(value))));
  });

  it('escapeCsvCell never starts a formula and round-trips through RFC 4180 quoting', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const cell = escapeCsvCell(value);
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        return !/^[=+\-@\t\r]/.test(unquoted) && (cell.startsWith('"') || !/[",\r\n]/.test(cell));
      }),
    );
  });

  it('truncateText never exceeds max and keeps short values intact', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 400 }), (value, max) => {
        const cut = truncateText(value, max);
        return cut.length <= max && (value.length > max ? cut.endsWith('…') || /… \[\+\d+ chars\]$/.test(cut) : cut === value);
      }),
    );
  });
});

describe('toReadableJson', () => {
  it('writes C1 controls, bidi and invisible characters as escapes, and parses back to the same data', () => {
    const value = { origin: 'https://\u202eelpmaxe.live\u009b31m', hidden: 'app.exam\u00adple.com\u{E0041}\u2028', fine: 'é😀 <ok>' };
    const text = toReadableJson(value, 2);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\udb40\\udc41');
    expect(text).toContain('é😀 <ok>');
    expect(text).not.toMatch(/[\u0080-\u009f\u00ad\u2028\u202e]|\udb40/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('invisible characters', () => {
  it.each(['\u00ad', '\u034f', '\u115f', '\u3164', '\u{E0041}', '\u2028', '\ufe0f'])('%j is replaced in every escaper', (character) => {
    const value = `app.exam${character}ple.com`;
    for (const escaped of [escapeHtml(value), escapeSlack(value), escapeTerminal(value)]) expect(escaped).toBe('app.exam\ufffdple.com');
  });
});
