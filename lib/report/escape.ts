// The one place output escaping lives. Everything read from audited accounts (bucket names, origins,
// headers, messages) is hostile: each output context gets its own escaper, and sizes are bounded here.

/** C0/C1 controls and DEL, except tab and newline (kept only where a context allows them). */
/* eslint-disable no-control-regex -- matching control characters is what these patterns are for */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_WITH_LINE_BREAKS = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * Bidi overrides/isolates, invisible marks and fillers (soft hyphen, Hangul fillers, tag characters...), and the
 * Unicode line separators: they make `evil.example` display as something else (Trojan Source) or break a line.
 */
const INVISIBLE_BMP = '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff9-\\ufffb';
// With the tag characters (U+E0000-E007F) as code points; JSON_UNSAFE, below, matches them as UTF-16 pairs.
// eslint-disable-next-line no-misleading-character-class -- the combining joiner and variation selectors are listed on purpose
const BIDI_AND_INVISIBLE = new RegExp(`[${INVISIBLE_BMP}\\u{e0000}-\\u{e007f}]`, 'gu');
/**
 * ANSI escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST, used for hyperlinks and titles; only a
 * terminated one, or it would swallow the rest of the line), and 2-char ESC sequences.
 */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
/* eslint-enable no-control-regex */
const REPLACEMENT = '\ufffd';

/** Replaces control and bidi characters with U+FFFD, so tampering stays visible instead of silently vanishing. */
export function neutraliseControls(value: string, options: { keepLineBreaks?: boolean } = {}): string {
  const control = options.keepLineBreaks ? CONTROL : CONTROL_WITH_LINE_BREAKS;
  return value.replace(control, REPLACEMENT).replace(BIDI_AND_INVISIBLE, REPLACEMENT);
}

const TRUNCATION_MARKER = (omitted: number) => `… [+${omitted} chars]`;

/**
 * Cuts `value` to at most `max` UTF-16 units, ending with a visible marker that says how much was cut
 * (`compact`: a lone `…`, for narrow table cells). Never splits a surrogate pair.
 */
export function truncateText(value: string, max: number, options: { compact?: boolean } = {}): string {
  if (value.length <= max) return value;
  const limit = Math.max(0, Math.floor(max));
  // The marker's length depends on the count it shows; the count is at most value.length.
  const markerLength = TRUNCATION_MARKER(value.length).length;
  if (options.compact || limit <= markerLength) return cutAtCodePoint(value, Math.max(0, limit - 1)) + '…';
  let keep = cutAtCodePoint(value, limit - markerLength);
  keep += TRUNCATION_MARKER(value.length - keep.length);
  return keep;
}

function cutAtCodePoint(value: string, length: number): string {
  const code = value.charCodeAt(length - 1);
  const splitsPair = length > 0 && code >= 0xd800 && code <= 0xdbff;
  return value.slice(0, splitsPair ? length - 1 : length);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** For HTML text and quoted attribute values. */
export function escapeHtml(value: string): string {
  return neutraliseControls(value, { keepLineBreaks: true }).replace(/[&<>"'`]/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * For data inside `<script type="application/json">`: JSON with `<`, `>`, `&` and the JS line
 * separators escaped, so neither `</script>` nor `<!--` can end or change the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * For Slack mrkdwn and plain_text. Slack only decodes &amp; &lt; &gt;, so escaping `<` and `>`
 * turns `<!channel>`, `<@U123>` and `<https://x|label>` into literal text. `|` becomes U+2223 and
 * bare @channel/@here/@everyone get a zero-width joiner so no client links them.
 */
export function escapeSlack(value: string, options: { keepLineBreaks?: boolean } = {}): string {
  return neutraliseControls(value, options)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\u2223')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** For Slack inline code spans: escaped text that cannot close the span (backtick becomes a modifier grave). */
export function escapeSlackCode(value: string): string {
  return escapeSlack(value).replace(/`/g, '\u02cb');
}

/** For a Slack ``` block: line breaks kept, and no backtick can close it early. */
export function escapeSlackCodeBlock(value: string): string {
  return escapeSlack(value, { keepLineBreaks: true }).replace(/`/g, '\u02cb');
}

/**
 * For a terminal or CI log: each ANSI sequence becomes one U+FFFD (the text it would hide or restyle stays, and the
 * tampering shows), then every other control and bidi character is neutralised.
 */
export function escapeTerminal(value: string): string {
  return neutraliseControls(value.replace(ANSI, REPLACEMENT));
}

/** Code points a JSON text may carry raw but a reader's terminal, editor or mail client should not: C1, bidi, invisible. */
// eslint-disable-next-line no-misleading-character-class -- as BIDI_AND_INVISIBLE
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f${INVISIBLE_BMP}]|\\udb40[\\udc00-\\udc7f]`, 'g');

/**
 * JSON.stringify for output read by people (CLI --format json, the report API, SNS e-mail bodies): the same data,
 * with C1 controls, bidi and invisible characters written as \uXXXX escapes (they only occur inside strings).
 */
export function toReadableJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(JSON_UNSAFE, (match) => {
    // A tag character is a surrogate pair: both halves are escaped.
    let escaped = '';
    for (let at = 0; at < match.length; at += 1) escaped += `\\u${match.charCodeAt(at).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

/** Cells starting like a formula are run by Excel/LibreOffice/Sheets (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** One CSV cell (RFC 4180): formula guard with a leading `'`, then quoted when it holds `"`, `,`, CR or LF. */
export function escapeCsvCell(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const text = neutraliseControls(value, { keepLineBreaks: true }).replace(/\t/g, ' ');
  const guarded = FORMULA_START.test(value) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
