// Where each value of a JSON text sits: path ("$.partitions[3].replicas[1]") -> offsets, so that validation
// errors found on the parsed value can be shown on the right line of the file (plan review diagnostics).
// Tolerant: on malformed text it returns what it mapped before the error.

export interface JsonSpan {
  start: number;
  end: number;
}

export function jsonPositions(text: string): Map<string, JsonSpan> {
  const spans = new Map<string, JsonSpan>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const str = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start + 1, i - 1);
  };
  const value = (path: string): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        ws();
        if (text[i] !== '"') throw new Error('key');
        const key = str();
        ws();
        if (text[i] !== ':') throw new Error('colon');
        i++;
        value(/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Error('object');
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let index = 0;
      while (i < text.length && text[i] !== ']') {
        value(`${path}[${index++}]`);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new Error('array');
        ws();
      }
      i++;
    } else if (c === '"') {
      str();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) throw new Error('value');
      i += m[0].length;
    }
    spans.set(path, { start, end: i });
  };
  try {
    // Kafka's tools print prose before the JSON: map from the first line that opens an object
    const m = /^\s*\{/m.exec(text);
    i = m ? m.index : 0;
    value('$');
  } catch {
    // keep what was mapped
  }
  return spans;
}

/** The span of `path`, or of its nearest mapped ancestor. */
export function spanOf(spans: Map<string, JsonSpan>, path: string): JsonSpan | undefined {
  let p = path;
  for (;;) {
    const s = spans.get(p);
    if (s) return s;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return spans.get('$');
    p = p.slice(0, cut);
  }
}

/** 0-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let last = -1;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      last = k;
    }
  }
  return { line, column: offset - last - 1 };
}
