import { InputError } from '../../errors';
import { isStackOverflow } from '../../io/tooDeep';
import { loadLightgbm } from '../lightgbm/lightgbmModel';
import { isLightgbmText } from '../lightgbm/parseLightgbm';
import { loadOnnx, looksLikeOnnx } from '../onnx/onnxModel';
import { sniffPickle } from '../pickle/readPickle';
import { loadSklearn } from '../sklearn/sklearnModel';
import type { Model } from '../types';
import { parseJsonWithNonFinite } from './nonFiniteJson';
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
 * onnxruntime-node); a pickle or joblib file (plain, zlib or gzip) is a scikit-learn model, read as data and
 * never unpickled (../sklearn/sklearnModel.ts). `source` only appears in error messages.
 */
export function loadModel(content: Uint8Array | string, source = 'model', options: LoadModelOptions = {}): Model {
  try {
    return loadByContent(content, source, options);
  } catch (e) {
    // Decoders and tree walkers recurse; a file nested thousands deep is refused instead of overflowing the stack.
    if (isStackOverflow(e)) {
      throw new InputError('TOO_DEEP', `${source} nests too deeply to be a model (thousands of levels of arrays or objects). ${SUPPORTED}`, { source });
    }
    throw e;
  }
}

/** The formats loadModel reads, for messages. */
const SUPPORTED = 'Supported model files: XGBoost JSON (.json) or UBJSON (.ubj) from booster.save_model, LightGBM text models (model.txt), ONNX (.onnx) and scikit-learn estimators saved with pickle or joblib (.pkl, .joblib).';

function loadByContent(content: Uint8Array | string, source: string, options: LoadModelOptions): Model {
  if (content.length === 0) throw new InputError('FILE_EMPTY', `${source} is empty.`, { source });
  if (typeof content !== 'string' && looksLikeOnnx(content)) {
    if (options.onnx === false) {
      throw new InputError('UNTRUSTED_WORKSPACE', `${source} is an ONNX model, read through onnxruntime, which Model Lens does not start in Restricted Mode. Trust this workspace to see the model.`, { source });
    }
    return loadOnnx(content, source);
  }
  if (typeof content !== 'string' && sniffPickle(content.subarray(0, 256), content[content.length - 1])) return loadSklearn(content, source);
  const head = typeof content === 'string' ? content.slice(0, 256) : new TextDecoder('utf-8').decode(content.subarray(0, 256));
  if (isLightgbmText(head)) return loadLightgbm(typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content));
  const doc = typeof content === 'string' ? parseJson(content, source) : decode(content, source);
  return xgboostModel(parseXgboostJson(doc));
}

function decode(bytes: Uint8Array, source: string): unknown {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b && i + 1 < bytes.length && UBJ_AFTER_BRACE.has(bytes[i + 1]!) && bytes[i + 1] !== 0x7d) return decodeUbjson(bytes.subarray(i));
  if (bytes[i] !== 0x7b && bytes[i] !== 0x5b && !isText(bytes.subarray(0, 4096))) {
    // Binary data that is none of the binary formats: say so, and what the name suggests it should have been.
    const ext = /\.([^./]+)$/.exec(source)?.[1]?.toLowerCase();
    const expected = ext === 'onnx' ? ' It does not start like an ONNX ModelProto (protobuf); the file may be truncated or not ONNX.' : ext === 'ubj' ? " It does not start with '{' like XGBoost UBJSON; the file may be truncated or not a .ubj model." : '';
    throw new InputError('UNSUPPORTED_FORMAT', `${source} is not a model file Model Lens can read (binary data of no known model format).${expected} ${SUPPORTED}`, { source });
  }
  return parseJson(new TextDecoder('utf-8').decode(bytes), source);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    try {
      const doc = parseJsonWithNonFinite(text);
      if (doc !== undefined) return doc;
    } catch {
      // fall through to JSON.parse's own message
    }
    throw new InputError(
      'PARSE_ERROR',
      `${source} is not valid JSON (${(e as Error).message}). ${SUPPORTED}`,
      { source },
    );
  }
}

/** UTF-8 text without NUL or other binary control bytes (a cut-off multi-byte character at the end is fine). */
function isText(head: Uint8Array): boolean {
  for (const b of head) if (b === 0 || (b < 9) || (b > 13 && b < 32)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
