// Source positions for formats whose parser gives none (JSON): offsets of containers by JSON pointer, and lines.

/** Maps offsets to 1-based lines with a binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** JSON pointer of a path: `/Resources/Bucket/Properties/CorsConfiguration/CorsRules/0`. */
export function pointer(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Rules sit a few levels deep in every format; deeper containers are not recorded, so hostile nesting stays linear. */
const MAX_RECORDED_DEPTH = 256;

interface Frame {
  path: string;
  kind: 'object' | 'array';
  index: number;
  key: string | null;
}

/**
 * Offsets of every object and array in already-validated JSON text, keyed by JSON pointer.
 * Iterative (an explicit stack), so deep nesting cannot overflow the call stack.
 */
export function jsonContainerOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const stack: Frame[] = [];
  let pendingKey: string | null = null;
  /** Containers open below MAX_RECORDED_DEPTH: counted, not tracked. */
  let hidden = 0;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    const part = top.kind === 'array' ? String(top.index) : (top.key ?? '');
    return `${top.path}/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (hidden > 0) {
      if (ch === '"') i = stringEnd(text, i);
      else if (ch === '{' || ch === '[') hidden += 1;
      else if (ch === '}' || ch === ']') hidden -= 1;
      continue;
    }
    if (ch === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.key === null && pendingKey === null) pendingKey = JSON.parse(text.slice(i, end + 1)) as string;
      i = end;
    } else if (ch === ':') {
      const top = stack[stack.length - 1];
      if (top) top.key = pendingKey;
      pendingKey = null;
    } else if (ch === '{' || ch === '[') {
      if (stack.length >= MAX_RECORDED_DEPTH) {
        hidden = 1;
        continue;
      }
      const path = childPath();
      offsets.set(path, i);
      stack.push({ path, kind: ch === '{' ? 'object' : 'array', index: 0, key: null });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index += 1;
      else if (top) top.key = null;
    }
  }
  return offsets;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
