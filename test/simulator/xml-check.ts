/**
 * A small well-formedness check for the SVG the simulator draws (no XML parser among the
 * dependencies): tags nest and close, attributes are quoted, and every `&` starts one of XML's own
 * entities or a character reference. Returns the root element's name.
 */
export function wellFormedRoot(xml: string): string {
  const ENTITY = /^&(?:#\d+|#x[\da-fA-F]+|amp|lt|gt|quot|apos);/;
  const tag = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/;
  const stack: string[] = [];
  let root: string | undefined;
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  while (i < xml.length) {
    const rest = xml.slice(i);
    if (rest.startsWith('<!--')) {
      i += rest.indexOf('-->') + 3;
      continue;
    }
    if (rest.startsWith('&')) {
      const entity = ENTITY.exec(rest);
      if (!entity) throw new Error(`bare & at ${i}`);
      i += entity[0].length;
      continue;
    }
    if (!rest.startsWith('<')) {
      if (stack.length === 0 && rest.trim() !== '' && !/^\s/.test(rest))
        throw new Error(`text outside the root at ${i}`);
      i += 1;
      continue;
    }
    const m = tag.exec(rest);
    if (!m) throw new Error(`malformed tag at ${i}: ${rest.slice(0, 40)}`);
    const [whole, closing, name = '', attrs = '', selfClosing] = m;
    for (const amp of attrs.matchAll(/&/g))
      if (!ENTITY.test(attrs.slice(amp.index))) throw new Error(`bare & in an attribute of <${name}>`);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open at ${i}`);
    } else {
      if (stack.length === 0 && root !== undefined) throw new Error('a second root element');
      root ??= name;
      if (!selfClosing) stack.push(name);
    }
    i += whole.length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (root === undefined) throw new Error('no root element');
  return root;
}
