import type { Engine, RunOptions } from './engine';
import { engineMemoryBytes } from './engineMemory';

/**
 * Engine memory a streamed query takes per column it reads (issue 18; measured at 2 threads, 6,003 DOUBLE columns of
 * the 10,000 × 10k file: 820 MiB over its Parquet file, 625 MiB over the wide CSV's group files): the scan's
 * column readers and each chunk's vectors, whatever the rows. Two such streams at once (drift's grid pass of each
 * side) ran out of memory at 1 GB.
 */
const STREAM_BYTES_PER_COLUMN = 144 * 1024;
/** Streams estimated below this never wait (nor ask the memory limit): every stream of up to 455 columns. */
const GATED_ABOVE_BYTES = 64 * 2 ** 20;
/** Share of the memory limit wide streams at once may take. */
const STREAMS_MEMORY_SHARE = 0.6;

interface Gate {
  /** Estimated bytes of the wide streams running. */
  used: number;
  /** Wakes the streams waiting (each checks again whether it fits). */
  waiting: (() => void)[];
  limit?: number;
}

const gates = new WeakMap<Engine, Gate>();

/**
 * Waits until a stream of `columns` columns fits the engine's memory beside the wide streams running (one wide
 * stream alone always runs), and gives back its release. A stream estimated below GATED_ABOVE_BYTES runs at once.
 * A stream's visitor must not start a wide stream of its own and wait for it (that one would wait for this one).
 */
export async function admitStream(engine: Engine, columns: number, options: RunOptions = {}): Promise<() => void> {
  const bytes = columns * STREAM_BYTES_PER_COLUMN;
  if (bytes <= GATED_ABOVE_BYTES) return () => undefined;
  const gate = gates.get(engine) ?? { used: 0, waiting: [] };
  gates.set(engine, gate);
  gate.limit ??= await engineMemoryBytes(engine, options);
  while (gate.used > 0 && gate.used + bytes > STREAMS_MEMORY_SHARE * gate.limit) await new Promise<void>((wake) => gate.waiting.push(wake));
  gate.used += bytes;
  return () => {
    gate.used -= bytes;
    for (const wake of gate.waiting.splice(0)) wake();
  };
}
