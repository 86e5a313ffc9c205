// The model file: modelToYaml is read back by parseModel to an equal model (starter, fitted with
// its logistic calibration, calibrated with an isotonic one), and writeModelFile writes atomically.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { calibrateModel } from '../../src/calibration/calibrate-model.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { modelToYaml, writeModelFile } from '../../src/model/model-file.js';
import { parseModel, readModel, type ScoringModel } from '../../src/model/schema.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { tempHistory } from '../helpers.js';

const STARTER = join(import.meta.dirname, '..', '..', 'datasets', 'models', 'starter.yaml');
const FRAME = { horizonDays: 60, schedule: { kind: 'every' as const, days: 30 } };
let history: History;
let fitted: ScoringModel;

beforeAll(async () => {
  const dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 1500, seed: 4 }));
  history = (await loadHistory(dir)).history;
  fitted = fitScoringModel(history, { frame: FRAME, intervals: false }).model;
}, 120_000);

describe('modelToYaml', () => {
  it('round-trips the starter model through parseModel', () => {
    const starter = readModel(STARTER);
    const text = modelToYaml(starter);
    expect(text.startsWith('# leadcal scoring model')).toBe(true);
    expect(parseModel(text, 'starter-again.yaml')).toEqual(starter);
  });

  it('round-trips a fitted model and a calibrated one (mappings as plain data)', () => {
    expect(fitted.calibration?.kind).toBe('logistic');
    expect(parseModel(modelToYaml(fitted))).toEqual(fitted);
    const calibrated = calibrateModel(history, fitted, FRAME, { method: 'isotonic' }).model;
    expect(calibrated.calibration?.kind).toBe('isotonic');
    expect(parseModel(modelToYaml(calibrated))).toEqual(calibrated);
  });
});

describe('writeModelFile', () => {
  it('creates the folder, writes the file and leaves no temporary file', () => {
    const dir = join(tempHistory({}), 'models', 'q3');
    const path = join(dir, 'fitted.yaml');
    writeModelFile(path, fitted);
    expect(readdirSync(dir)).toEqual(['fitted.yaml']);
    expect(readFileSync(path, 'utf8')).toBe(modelToYaml(fitted));
    expect(readModel(path)).toEqual(fitted);
    writeModelFile(path, readModel(STARTER));
    expect(readModel(path).name).toBe(readModel(STARTER).name);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });
});
