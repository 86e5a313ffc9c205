/** The planted truth's own score of every snapshot of a frame (events strictly before t). */
import { eventsBefore, type Frame, type History } from '../../src/index.js';
import { scoreTruthAt, type SynthTruth, type TruthEvent } from '../../src/synth/index.js';

export function truthScores(truth: SynthTruth, history: History, frame: Frame): Float64Array {
  const { leads, events } = history;
  const page = events.columns.page;
  const out = new Float64Array(frame.count);
  const attrNames = Object.keys(leads.attributes);
  for (let s = 0; s < frame.count; s++) {
    const lead = frame.lead[s]!;
    const attributes: Record<string, string | undefined> = {};
    for (const name of attrNames) {
      const col = leads.attributes[name]!;
      if (col.kind === 'category') attributes[name] = col.codes[lead]! >= 0 ? col.values[col.codes[lead]!] : undefined;
      else attributes[name] = Number.isNaN(col.values[lead]!) ? undefined : String(col.values[lead]);
    }
    const list: TruthEvent[] = [];
    const end = eventsBefore(events, lead, frame.asOfMs[s]!);
    for (let k = events.offsets[lead]!; k < end; k++) {
      const p = page?.kind === 'category' && page.codes[k]! >= 0 ? page.values[page.codes[k]!] : undefined;
      list.push({ type: events.type.values[events.type.codes[k]!]!, page: p, occurredMs: events.occurredMs[k]! });
    }
    out[s] = scoreTruthAt(truth, { attributes }, list, frame.asOfMs[s]!);
  }
  return out;
}
