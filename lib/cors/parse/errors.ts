// The one error a CORS document parser throws: a user's file is wrong, said in one line with where.

export class CorsParseError extends Error {
  override name = 'CorsParseError';
  constructor(message: string) {
    // One line always: hostile input may carry newlines into the message.
    super(message.replace(/[\r\n]+/g, ' ').slice(0, 500));
  }
}

/** `line 3: ` when the format gave a line, '' otherwise. */
export function atLine(line: number | undefined): string {
  return line === undefined ? '' : `line ${line}: `;
}

/** Quotes a value from the input for a message, bounded so a huge value cannot flood the output. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
