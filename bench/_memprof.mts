// Memory profile of load (and fit): rss/heap after load and per fit phase.
// npx tsx bench/_memprof.mts DIR [--load-only]
import { loadHistory } from '../src/data/load.js';
import { fitScoringModel } from '../src/fit/fit-model.js';
const dir = process.argv[2]!;
const loadOnly = process.argv.includes('--load-only');
const t0 = performance.now();
const mem = (what: string) => { const m = process.memoryUsage(); console.error(`${((performance.now()-t0)/1000).toFixed(1)}s ${what}: rss ${(m.rss/1e9).toFixed(2)} heap ${(m.heapUsed/1e9).toFixed(2)} ext ${(m.external/1e9).toFixed(2)} ab ${(m.arrayBuffers/1e9).toFixed(2)} peak rss ${(process.resourceUsage().maxRSS/1e6).toFixed(2)}`); };
mem('start');
let peakHeap = 0;
const timer = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 200);
const { history } = await loadHistory(dir);
clearInterval(timer);
mem(`loaded (${history.events.count} events; sampled peak heap ${(peakHeap/1e9).toFixed(2)})`);
if (!loadOnly) {
  let last = '';
  const r = fitScoringModel(history, { onProgress: (phase) => { if (phase !== last) { last = phase; mem('phase ' + phase); } } });
  mem('fitted');
  console.error(r.report.frame);
}
