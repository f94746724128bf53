// Reading a label set field (external_labels, static_configs labels) of the config file.
import { isValidLabelName, type Labels, type NameValidation } from '@vigil/model';
import { join, type YamlReader, type YamlValue } from './yaml-reader';

/** readLabels reads a map of label names to values, reporting invalid names; empty values are dropped. */
export function readLabels(r: YamlReader, value: YamlValue, path: string, scheme: NameValidation): Labels {
  const view = r.map(value, path);
  if (!view) return {};
  const out: Labels = {};
  for (const [name, v] of Object.entries(r.stringEntries(view, path))) {
    if (!isValidLabelName(name, scheme)) {
      r.error(view.entries.get(name)?.key, join(path, name), `"${name}" is not a valid label name`);
      continue;
    }
    // An empty value is the same as no label, as everywhere in Prometheus.
    if (v !== '') out[name] = v;
  }
  return out;
}
