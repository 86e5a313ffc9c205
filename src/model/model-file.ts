/**
 * The model file on disk: a scoring model as the YAML that `fit`, `calibrate` and the demo
 * write and `readModel` (src/model/schema.ts) parses back. The model is plain data, so the
 * file is its YAML with a one-line header; writing is atomic (see src/io.ts).
 */
import { stringify } from 'yaml';
import { writeFileAtomic } from '../io.js';
import type { ScoringModel } from './schema.js';

const HEADER = '# leadcal scoring model — edit freely, then check it with `leadcal evaluate`.';

/**
 * The model as model-file text (YAML with a comment header); `parseModel` reads it back to an
 * equal model.
 *
 * @example
 * modelToYaml(parseModel('leadcal: 1\nname: m\nthreshold: 50\n')).split('\n')[1] // => 'leadcal: 1'
 */
export function modelToYaml(model: ScoringModel): string {
  return `${HEADER}\n${stringify(model, { lineWidth: 120 })}`;
}

/**
 * Write a model file atomically (creating its folder): a reader never sees half a model.
 *
 * @example
 * writeModelFile('models/q3.yaml', fitScoringModel(history).model)
 */
export function writeModelFile(path: string, model: ScoringModel): void {
  writeFileAtomic(path, modelToYaml(model));
}
