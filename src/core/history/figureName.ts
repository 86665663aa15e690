import { metricInfo } from '../evaluate/metricCatalog';
import { term } from '../render/vocabulary';

/** A check's key figure as people read it: "ROC AUC" for rocAuc (evaluation metrics), else the shared vocabulary's name. */
export function figureName(id: string): string {
  return metricInfo(id)?.label ?? term(id).name;
}
