// Plain JavaScript on purpose: worker threads load this file directly (no TypeScript
// loader in a worker), and the main thread imports the very same code, so the
// threaded and inline paths cannot drift apart. Types are in kernels.d.ts.
// Every kernel works on the coordinate range [start, end) so callers can split it.

/** acc[i] += w * x[i] */
export function axpy(acc, x, w, start, end) {
  for (let i = start; i < end; i++) acc[i] += w * x[i];
}

/** out[i] = base[i] + scale * acc[i]; base may be null (then 0). */
export function scaleAdd(out, base, acc, scale, start, end) {
  if (base === null) {
    for (let i = start; i < end; i++) out[i] = scale * acc[i];
  } else {
    for (let i = start; i < end; i++) out[i] = base[i] + scale * acc[i];
  }
}

function sortColumn(rows, count, width, column, scratch) {
  for (let k = 0; k < count; k++) scratch[k] = rows[k * width + column];
  if (count <= 48) {
    for (let a = 1; a < count; a++) {
      const v = scratch[a];
      let b = a - 1;
      while (b >= 0 && scratch[b] > v) {
        scratch[b + 1] = scratch[b];
        b--;
      }
      scratch[b + 1] = v;
    }
  } else {
    scratch.subarray(0, count).sort();
  }
}

/** out[j] = median over k of rows[k * width + j], for columns j in [start, end). */
export function columnMedian(rows, count, width, out, start, end) {
  const scratch = new Float64Array(count);
  const mid = count >> 1;
  for (let j = start; j < end; j++) {
    sortColumn(rows, count, width, j, scratch);
    out[j] = count % 2 === 1 ? scratch[mid] : (scratch[mid - 1] + scratch[mid]) / 2;
  }
}

/** out[j] = mean of rows[k * width + j] after dropping the `trim` smallest and `trim` largest. */
export function columnTrimmedMean(rows, count, width, trim, out, start, end) {
  const scratch = new Float64Array(count);
  const kept = count - 2 * trim;
  for (let j = start; j < end; j++) {
    sortColumn(rows, count, width, j, scratch);
    let sum = 0;
    for (let k = trim; k < count - trim; k++) sum += scratch[k];
    out[j] = sum / kept;
  }
}

/** dist[a * count + b] += ||row a − row b||² over columns [start, end), for a < b (upper triangle). */
export function addSquaredDistances(rows, count, width, dist, start, end) {
  for (let a = 0; a < count; a++) {
    const ra = a * width;
    for (let b = a + 1; b < count; b++) {
      const rb = b * width;
      let s = 0;
      for (let j = start; j < end; j++) {
        const d = rows[ra + j] - rows[rb + j];
        s += d * d;
      }
      dist[a * count + b] += s;
    }
  }
}
