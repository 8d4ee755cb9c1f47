import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendTableRow } from './markdown.js';

describe('appendTableRow', () => {
  it("appends to the section's first table, not to a later report table", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'md-')), 'b.md');
    fs.writeFileSync(
      file,
      [
        '## Results',
        '',
        '| a | b |',
        '| - | - |',
        '| 1 | 2 |',
        '',
        '### Peer run',
        '',
        '| x | y |',
        '| - | - |',
        '| 9 | 9 |',
        '',
        '## Next',
        '',
      ].join('\n'),
    );
    appendTableRow(file, '## Results', '', ['a', 'b'], ['3', '4']);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.slice(2, 7)).toEqual(['| a | b |', '| - | - |', '| 1 | 2 |', '| 3 | 4 |', '']);
    expect(lines.filter((l) => l === '| 3 | 4 |')).toHaveLength(1);
  });
});
