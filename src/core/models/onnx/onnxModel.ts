import { Worker } from 'node:worker_threads';
import { InputError } from '../../errors';
import type { FeatureMatrix, Model } from '../types';
import { checkMatrix } from '../xgboost/predict';
import { WORKER_SOURCE } from './onnxWorker';

/** How long one synchronous call may block before it is reported as failed. */
const CALL_TIMEOUT_MS = 120_000;
/** Rows per onnxruntime run: bounds the shared buffers (65536 × F × 4 bytes in, × width × 8 out). */
const CHUNK = 65536;

interface TensorMeta {
  name: string;
  isTensor: boolean;
  type: string;
  shape: (number | string)[];
}

/**
 * True when the bytes look like an ONNX ModelProto: field 1 (ir_version, varint) first, then one of the
 * ModelProto fields that follow it (producer_name, producer_version, domain, model_version, doc_string,
 * graph, opset_import).
 */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0x08 && bytes[1]! > 0 && bytes[1]! < 0x40 && [0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42].includes(bytes[2]!);
}

class OnnxSession {
  private readonly worker: Worker;
  private disposed = false;

  constructor(ortPath: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath } });
    this.worker.unref();
  }

  /** Posts a request and blocks until the worker answers (see onnxWorker.ts). */
  call(message: Record<string, unknown>, textBytes = 0): string {
    if (this.disposed) throw new InputError('MODEL_RUNTIME', 'This ONNX model was disposed; load it again.', {});
    const ctl = new Int32Array(new SharedArrayBuffer(8));
    const text = new SharedArrayBuffer(Math.max(4096, textBytes));
    this.worker.postMessage({ ...message, ctl: ctl.buffer, text });
    const r = Atomics.wait(ctl, 0, 0, CALL_TIMEOUT_MS);
    const msg = new TextDecoder().decode(new Uint8Array(text).slice(0, ctl[1]!));
    if (r === 'timed-out') throw new InputError('MODEL_RUNTIME', `onnxruntime did not answer within ${CALL_TIMEOUT_MS / 1000} s.`, {});
    if (ctl[0] === 2) throw new InputError('MODEL_RUNTIME', `onnxruntime failed: ${msg}`, {});
    return msg;
  }

  dispose(): void {
    this.disposed = true;
    void this.worker.terminate();
  }
}

function resolveOrt(): string {
  try {
    return require.resolve('onnxruntime-node');
  } catch {
    throw new InputError('UNSUPPORTED_FORMAT', 'ONNX models need the onnxruntime-node package, which is not installed with this Model Lens build.', {});
  }
}

/**
 * An ONNX model run by onnxruntime-node (CPU, one thread) in a worker thread. Supported graphs take one
 * float tensor input [N, F]; the output used is "probabilities" / "probability" (classifier: binary → the
 * probability of class 1, else one column per class) when present, else the first float output ("variable"
 * for skl2onnx regressors, [N] or [N, K]). There is no link: predictMargin returns that output itself
 * (link 'identity'), so explanations of ONNX classifiers are in probability. Feature names come from an
 * MLflow signature when one is beside the file (metadata.ts); otherwise columns map by order.
 * Nothing but the ONNX graph's operators runs; custom-op libraries are never loaded.
 */
export function loadOnnx(bytes: Uint8Array, source: string): Model {
  const session = new OnnxSession(resolveOrt());
  const copy = new Uint8Array(bytes).buffer; // a copy: a Buffer may be a view into a larger pool
  const meta = JSON.parse(session.call({ type: 'load', bytes: copy }, 1 << 20)) as { inputs: TensorMeta[]; outputs: TensorMeta[] };
  const floatTypes = ['float32', 'float64', 'float16'];
  const inputs = meta.inputs;
  const input = inputs[0];
  const F = input?.shape.length === 2 ? input.shape[1] : undefined;
  if (!input || inputs.length !== 1 || !input.isTensor || !floatTypes.includes(input.type) || typeof F !== 'number' || !(F > 0)) {
    throw new InputError(
      'UNSUPPORTED_MODEL',
      `${source}: ONNX models with one float input of shape [N, features] are supported; this one has inputs ${inputs.map((i) => `${i.name} ${i.type} [${i.shape.join(', ')}]`).join('; ')}. Export with a single float tensor input (skl2onnx: initial_types=[('X', FloatTensorType([None, F]))]).`,
      { inputs: inputs.map((i) => i.name) },
    );
  }
  if (input.type !== 'float32') throw new InputError('UNSUPPORTED_MODEL', `${source}: the ONNX input is ${input.type}; only float32 inputs are supported.`, {});
  const floats = meta.outputs.filter((o) => o.isTensor && floatTypes.includes(o.type));
  const prob = floats.find((o) => o.name === 'probabilities' || o.name === 'probability');
  const out = prob ?? floats[0];
  if (!out) throw new InputError('UNSUPPORTED_MODEL', `${source}: the ONNX model has no float tensor output (outputs: ${meta.outputs.map((o) => `${o.name} ${o.type}`).join(', ')}). A ZipMap output (skl2onnx's default for classifiers) is not supported: export with options={'zipmap': False}.`, {});
  const width = out.shape.length === 1 ? 1 : Number(out.shape[1]);
  if (!(width >= 1) || out.shape.length > 2) throw new InputError('UNSUPPORTED_MODEL', `${source}: ONNX output ${out.name} has shape [${out.shape.join(', ')}]; expected [N] or [N, K] with a fixed K.`, {});
  const binary = prob !== undefined && width === 2;
  const groups = binary ? 1 : width;
  const run = (X: FeatureMatrix, n: number): Float64Array => {
    checkMatrix(X, n, F);
    const result = new Float64Array(n * groups);
    for (let s = 0; s < n; s += CHUNK) {
      const m = Math.min(CHUNK, n - s);
      const x = new SharedArrayBuffer(Math.max(4, m * F * 4));
      new Float32Array(x).set(X.subarray(s * F, (s + m) * F));
      const o = new SharedArrayBuffer(Math.max(8, m * width * 8));
      session.call({ type: 'run', x, out: o, n: m, f: F, input: input.name, output: out.name });
      const y = new Float64Array(o, 0, m * width);
      if (binary) for (let r = 0; r < m; r++) result[s + r] = y[r * 2 + 1]!;
      else result.set(y, s * groups);
    }
    return result;
  };
  return {
    kind: 'onnx',
    objective: prob ? `onnx classifier (${out.name}, ${width} classes)` : `onnx regressor (${out.name})`,
    numFeatures: F,
    featureNames: null,
    featureTypes: null,
    numClasses: prob ? width : 1,
    numGroups: groups,
    outputWidth: groups,
    baseScore: 0,
    baseMargin: 0,
    link: 'identity',
    outputKind: prob ? 'probability' : 'value',
    predictMargin: run,
    transform: (margin: Float64Array) => Float64Array.from(margin),
    dispose: () => session.dispose(),
  };
}
