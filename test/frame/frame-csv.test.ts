// `leadcal frame --out`: the snapshots themselves as CSV (issue #12).
import { describe, expect, it } from 'vitest';
import { buildFrame, frameToCsv, loadHistory } from '../../src/index.js';
import { csv, tempHistory } from '../helpers.js';

describe('frameToCsv', () => {
  it('writes lead_id, as_of, label and, when asked, the lead attributes (empty = missing)', async () => {
    const dir = tempHistory({ 't.csv': csv('id,n,src,y', ['a,1,web,1', 'b,,"x, y",0']) });
    const { history } = await loadHistory(dir, { mapping: { leads: { file: 't.csv', columns: { lead_id: 'id' } }, label: { column: 'y', positive: '1' } } });
    const frame = buildFrame(history);
    expect(frameToCsv(history, frame)).toBe('lead_id,as_of,label\na,2000-01-02T00:00:00Z,1\nb,2000-01-02T00:01:00Z,0\n');
    expect(frameToCsv(history, frame, { attributes: true }).split('\n').slice(0, 3)).toEqual(['lead_id,as_of,label,n,src', 'a,2000-01-02T00:00:00Z,1,1,web', 'b,2000-01-02T00:01:00Z,0,,"x, y"']);
  });
});
