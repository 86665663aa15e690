import { InputError } from '../../errors';
import { loadLightgbm } from '../lightgbm/lightgbmModel';
import { isLightgbmText } from '../lightgbm/parseLightgbm';
import { loadOnnx, looksLikeOnnx } from '../onnx/onnxModel';
import type { Model } from '../types';
import { parseXgboostJson } from './parseXgboostJson';
import { decodeUbjson } from './ubjson';
import { xgboostModel } from './xgboostModel';

export interface LoadModelOptions {
  /** false: refuse ONNX models (recognised by content, whatever the name) instead of starting onnxruntime on them. */
  onnx?: boolean;
}

/** Bytes that may follow '{' in UBJSON (a key's length marker or a container header) but never in JSON. */
const UBJ_AFTER_BRACE = new Set([...'iUIlL$#}'].map((c) => c.charCodeAt(0)));

/**
 * Loads a model from the file's content, never its name: JSON text whose top level has a `learner`
 * key is an XGBoost JSON model; '{' followed by a UBJSON length marker is an XGBoost .ubj model; text
 * starting with a "tree" line and "version=v…" is a LightGBM model.txt; a protobuf ModelProto is ONNX (run by
 * onnxruntime-node).
 * Pickles and other executable formats are never loaded. `source` only appears in error messages.
 */
export function loadModel(content: Uint8Array | string, source = 'model', options: LoadModelOptions = {}): Model {
  if (content.length === 0) throw new InputError('FILE_EMPTY', `${source} is empty.`, { source });
  if (typeof content !== 'string' && looksLikeOnnx(content)) {
    if (options.onnx === false) {
      throw new InputError('UNTRUSTED_WORKSPACE', `${source} is an ONNX model, read through onnxruntime, which Model Lens does not start in Restricted Mode. Trust this workspace to see the model.`, { source });
    }
    return loadOnnx(content, source);
  }
  const head = typeof content === 'string' ? content.slice(0, 256) : new TextDecoder('utf-8').decode(content.subarray(0, 256));
  if (isLightgbmText(head)) return loadLightgbm(typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content));
  const doc = typeof content === 'string' ? parseJson(content, source) : decode(content, source);
  return xgboostModel(parseXgboostJson(doc));
}

function decode(bytes: Uint8Array, source: string): unknown {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b && i + 1 < bytes.length && UBJ_AFTER_BRACE.has(bytes[i + 1]!) && bytes[i + 1] !== 0x7d) return decodeUbjson(bytes.subarray(i));
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! <= 5) {
    throw new InputError('UNSUPPORTED_FORMAT', `${source} looks like a Python pickle; pickles can run code and are never loaded. Save the model with booster.save_model("model.json").`, { source });
  }
  return parseJson(new TextDecoder('utf-8').decode(bytes), source);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(
      'PARSE_ERROR',
      `${source} is not valid JSON (${(e as Error).message}). Supported model files: XGBoost JSON (.json) or UBJSON (.ubj) from booster.save_model.`,
      { source },
    );
  }
}
