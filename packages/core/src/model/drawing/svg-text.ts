/**
 * Text made safe inside SVG/XML markup, as element content or an attribute value: `& < > " '` become entities,
 * and characters XML 1.0 does not allow (control characters other than tab and line feeds, lone surrogates)
 * become U+FFFD, so that any text — a circuit named `<script>` included — stays text.
 */
export function escapeSvgText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else out += '\ufffd';
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    switch (text[i]) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&#39;';
        break;
      default:
        out += (code < 0x20 && code !== 0x09) || code === 0xfffe || code === 0xffff ? '\ufffd' : text[i];
    }
  }
  return out;
}

/** `text` cut to `max` characters (code points), `…` marking a cut. */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
