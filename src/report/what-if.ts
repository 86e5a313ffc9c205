/**
 * The threshold what-if of the thresholds page: per segment, a slider and a number input that
 * show, for any threshold, what the precomputed sweep says — MQLs per month, conversion rate
 * with its 95% interval, share of conversions caught and expected value. The sweep rows are
 * embedded in the page as JSON in a data attribute (escaped like every other value), already
 * formatted exactly as the sweep table formats them, and one small script without
 * dependencies (assets/what-if.js) reads them: no network, works from file://, and the
 * controls are native inputs, so keyboard use comes free.
 */
import { formatCell } from './format.js';
import { html, type SafeHtml } from './html.js';
import type { ReportTable } from './types.js';

/** The sweep columns the what-if shows, by key, in order. */
const SHOWN = ['passedPerMonth', 'conversionRate', 'conversionRateLow', 'conversionRateHigh', 'recall', 'expectedValue'] as const;

/** The file the page loads; its name passes renderSite's file-name check. */
export const WHAT_IF_FILE = 'assets/what-if.js';

/**
 * One segment's what-if block, starting at `initial` (the threshold in use, else the lowest).
 *
 * @example
 * whatIfHtml(sweepTable, 'sweep-overall', 60).text // => '<div class="what-if" …'
 */
export function whatIfHtml(table: ReportTable, slug: string, initial: number | undefined): SafeHtml {
  if (table.rows.length === 0) return html``;
  const columns = SHOWN.map((key) => table.columns.find((c) => c.key === key));
  // [threshold, then each shown column's page text ('' when the sweep has no such column)]
  const rows = table.rows.map((r) => [r.threshold as number, ...columns.map((c) => (c ? formatCell(r[c.key] ?? null, c.format) : ''))]);
  const thresholds = rows.map((r) => r[0] as number);
  const min = Math.floor(thresholds[0]!);
  const max = Math.ceil(thresholds[thresholds.length - 1]!);
  const start = Math.min(max, Math.max(min, Math.round(initial ?? min)));
  const at = rows.find((r) => (r[0] as number) >= start) ?? null;
  const text = (k: number): string => (at ? String(at[k + 1]) : '—');
  const id = `what-if-${slug}`;
  const hasValue = columns[5] !== undefined;
  return html`<div class="what-if" id="${id}" data-sweep="${JSON.stringify(rows)}">
<h3 id="${id}-title">What if: try a threshold for ${table.segment ?? 'this segment'}</h3>
<div class="what-if-controls">
<label for="${id}-range">Threshold</label>
<input type="range" id="${id}-range" min="${min}" max="${max}" step="1" value="${start}" aria-describedby="${id}-result">
<input type="number" id="${id}-number" min="${min}" max="${max}" step="1" value="${start}" aria-label="${`Threshold for ${table.segment ?? 'this segment'}`}" aria-describedby="${id}-result">
</div>
<output id="${id}-result" for="${id}-range ${id}-number" aria-live="polite">
<dl class="what-if-result">
<dt>MQLs per month</dt><dd data-k="0">${text(0)}</dd>
<dt>Conversion rate</dt><dd><span data-k="1">${text(1)}</span> <span class="interval">(95% <span data-k="2">${text(2)}</span>–<span data-k="3">${text(3)}</span>)</span></dd>
<dt>Conversions caught</dt><dd data-k="4">${text(4)}</dd>
${hasValue ? html`<dt>Expected value</dt><dd data-k="5">${text(5)}</dd>` : ''}
</dl>
<p class="note" data-k="none"${at ? html` hidden` : ''}>No lead scores this high: nobody passes.</p>
</output>
</div>`;
}

/**
 * The script: for each .what-if block, keep the slider and the number input in step and show
 * the first sweep row whose threshold is at least the chosen one (the row that passes the
 * same leads). Plain ES5-level DOM code, no dependencies, no network.
 */
export const WHAT_IF_JS = `// leadcal threshold what-if: reads the sweep embedded in each .what-if block (data-sweep).
(function () {
  'use strict';
  var blocks = document.querySelectorAll('.what-if[data-sweep]');
  Array.prototype.forEach.call(blocks, function (block) {
    var rows = JSON.parse(block.getAttribute('data-sweep'));
    var range = block.querySelector('input[type=range]');
    var number = block.querySelector('input[type=number]');
    var cells = block.querySelectorAll('[data-k]');
    function show(value) {
      var row = null;
      for (var i = 0; i < rows.length; i++) if (rows[i][0] >= value) { row = rows[i]; break; }
      Array.prototype.forEach.call(cells, function (cell) {
        var k = cell.getAttribute('data-k');
        if (k === 'none') cell.hidden = row !== null;
        else cell.textContent = row ? row[Number(k) + 1] : '\\u2014';
      });
    }
    function set(from, to) {
      var value = Number(from.value);
      if (!isFinite(value)) return;
      to.value = String(value);
      show(value);
    }
    range.addEventListener('input', function () { set(range, number); });
    number.addEventListener('input', function () { set(number, range); });
    show(Number(range.value));
  });
})();
`;
