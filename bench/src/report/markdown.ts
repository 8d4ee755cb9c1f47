import fs from 'node:fs';
import os from 'node:os';

export function machineLine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${load}`;
}

/**
 * Appends `row` to the table of section `heading` in a Markdown file, creating the section (intro
 * + table header) at the end of the file when it is missing.
 */
export function appendTableRow(
  file: string,
  heading: string,
  intro: string,
  header: string[],
  row: string[],
): void {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const line = `| ${row.join(' | ')} |`;
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) {
    const section = [
      heading,
      '',
      intro,
      '',
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      line,
      '',
    ];
    fs.writeFileSync(file, `${text.replace(/\n*$/, '\n\n')}${section.join('\n')}`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  // The section's first table holds the results; later tables (peer runs) are other reports.
  const first = lines.findIndex((l, i) => i > start && i < end && l.startsWith('|'));
  if (first < 0) throw new Error(`no table under ${heading} in ${file}`);
  let lastRow = first;
  while (lastRow + 1 < end && lines[lastRow + 1]!.startsWith('|')) lastRow++;
  lines.splice(lastRow + 1, 0, line);
  fs.writeFileSync(file, lines.join('\n'));
}

export const fmt = (n: number) =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';

/** Inserts `block` at the end of section `heading` (before the next `## `), or appends it. */
export function appendToSection(file: string, heading: string, block: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no section ${heading} in ${file}`);
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  while (end > start + 1 && lines[end - 1]!.trim() === '') end--;
  lines.splice(end, 0, '', ...block.replace(/\n+$/, '').split('\n'));
  fs.writeFileSync(file, lines.join('\n'));
}
