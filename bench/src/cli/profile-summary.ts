import { readCpuProfile, summariseCpuProfile } from '../report/summarise-cpu-profile.js';

// Usage: npm run bench:profile -- <file.cpuprofile> [top N]
const [file, n] = process.argv.slice(2);
if (!file) {
  console.error('usage: npm run bench:profile -- <file.cpuprofile> [N]');
  process.exit(2);
}
const summary = summariseCpuProfile(readCpuProfile(file), { top: n ? Number(n) : 25 });
console.log(`${file}: ${summary.totalMs} ms sampled`);
console.log('\nself time by package / file');
for (const p of summary.packages) console.log(`${String(p.percent).padStart(6)} %  ${p.name}`);
console.log('\nself time by function');
for (const f of summary.functions) console.log(`${String(f.percent).padStart(6)} %  ${f.name}`);
