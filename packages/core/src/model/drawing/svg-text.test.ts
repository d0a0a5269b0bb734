import { describe, expect, it } from 'vitest';
import { clipText, escapeSvgText } from './svg-text.js';

describe('escapeSvgText', () => {
  it('turns markup characters into entities', () => {
    expect(escapeSvgText(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it('replaces characters XML cannot hold, and keeps the rest of Unicode', () => {
    expect(escapeSvgText('a\u0000b\u001bc\td')).toBe('a\ufffdb\ufffdc\td');
    expect(escapeSvgText('|1⟩ φ 😀')).toBe('|1⟩ φ 😀');
    expect(escapeSvgText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
  });
});

describe('clipText', () => {
  it('cuts by characters, marking the cut', () => {
    expect(clipText('abcdef', 4)).toBe('abc…');
    expect(clipText('😀😀😀', 3)).toBe('😀😀😀');
  });
});
