/**
 * Source of the worker thread that owns an onnxruntime-node InferenceSession. onnxruntime's `run` is
 * asynchronous while `Model.predictMargin` is synchronous, so the calling thread posts a request and blocks
 * in Atomics.wait on a shared control word until the worker has written the answer into shared memory
 * (ctl[0]: 1 = done, 2 = failed; ctl[1] = byte length of a JSON answer or an error message in `text`).
 * Kept as a string so the bundled CLI and extension need no separate worker file.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session = null;
const enc = new TextEncoder();
function answer(m, code, text) {
  const ctl = new Int32Array(m.ctl);
  if (text !== undefined) {
    const bytes = enc.encode(text).subarray(0, m.text.byteLength);
    new Uint8Array(m.text).set(bytes);
    ctl[1] = bytes.length;
  }
  Atomics.store(ctl, 0, code);
  Atomics.notify(ctl, 0);
}
parentPort.on('message', async (m) => {
  try {
    if (m.type === 'load') {
      session = await ort.InferenceSession.create(new Uint8Array(m.bytes), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
      answer(m, 1, JSON.stringify({ inputs: session.inputMetadata, outputs: session.outputMetadata }));
    } else {
      const x = new Float32Array(m.x, 0, m.n * m.f).slice(); // onnxruntime rejects shared memory
      const result = await session.run({ [m.input]: new ort.Tensor('float32', x, [m.n, m.f]) }, [m.output]);
      const data = result[m.output].data;
      const out = new Float64Array(m.out);
      if (data.length !== out.length) throw new Error('output ' + m.output + ' has ' + data.length + ' values, expected ' + out.length);
      for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
      answer(m, 1);
    }
  } catch (e) {
    answer(m, 2, String(e && e.message ? e.message : e));
  }
});
`;
