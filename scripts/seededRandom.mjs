// The sample generators' one seeded PRNG, so every generated sample is byte-identical on every run and machine.

/** mulberry32: 32-bit state, period 2^32 (Tommy Ettinger's public-domain generator). Returns [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
