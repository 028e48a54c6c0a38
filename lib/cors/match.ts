// S3's one-`*` wildcard (spec §3.1, §3.3): the text before `*` must be a prefix and the text after it
// a suffix of the value, anchored at both ends; `*` may match the empty string and spans any character.

/** Splits a pattern at its first `*`, or returns null when it has none (exact comparison). */
export function splitWildcard(pattern: string): { prefix: string; suffix: string } | null {
  const star = pattern.indexOf('*');
  if (star < 0) return null;
  return { prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1) };
}

/** Does an AllowedOrigin pattern admit this origin? Case-sensitive (spec §3.1: [UNK], we follow every emulator). */
export function originMatches(pattern: string, origin: string): boolean {
  return originMatchesAt(pattern, pattern.indexOf('*'), origin);
}

/** originMatches with the pattern's first `*` already found (-1: none), for callers that compare one pattern often. */
export function originMatchesAt(pattern: string, star: number, origin: string): boolean {
  if (star < 0) return pattern === origin;
  // splitWildcard's prefix/suffix test, compared in place: this runs for every origin × pattern, so no slices.
  const suffixLength = pattern.length - star - 1;
  if (origin.length < star + suffixLength) return false;
  for (let index = 0; index < star; index += 1) if (pattern.charCodeAt(index) !== origin.charCodeAt(index)) return false;
  const shift = origin.length - pattern.length;
  for (let index = star + 1; index < pattern.length; index += 1) if (pattern.charCodeAt(index) !== origin.charCodeAt(index + shift)) return false;
  return true;
}

/** Does an AllowedHeader pattern admit this requested header name? Case-insensitive on both sides (spec §3.3). */
export function headerMatches(pattern: string, header: string): boolean {
  return originMatches(pattern.toLowerCase(), header.toLowerCase());
}

/**
 * Why no requested header name can ever match this AllowedHeader, or null when one can. Spec §3.3: S3 splits
 * Access-Control-Request-Headers at commas, trims each item and drops empty ones, so no name holds a comma, starts
 * or ends with whitespace, or is empty. `"Content-Type, Authorization"` written as one item is the usual slip.
 */
export function headerNeverMatches(pattern: string): string | null {
  if (pattern.length === 0) return 'is empty';
  if (pattern.includes(',')) return 'holds a comma, and browsers send each requested header as its own comma-separated name';
  if (pattern.trim() !== pattern) return 'starts or ends with whitespace, which S3 trims from every requested name';
  return null;
}

/** The Access-Control-Max-Age a matched rule sends: none for a MaxAgeSeconds that is not a number (S3 refuses one). */
export function answeredMaxAge(rule: { readonly maxAgeSeconds?: number | undefined }): number | undefined {
  const maxAge = rule.maxAgeSeconds;
  return maxAge !== undefined && Number.isFinite(maxAge) ? maxAge : undefined;
}
