// Go's pure-Go math routines (Cephes-derived, as in Go's math package) for the functions where V8's fdlibm results
// differ from Prometheus's in the last bit. Arguments of 2^29 and more, where Go uses Payne–Hanek reduction, fall
// back to Math.* (they may differ by an ulp there).

const PI4A = 7.85398125648498535156e-1; // Pi/4 in three parts for exact reduction.
const PI4B = 3.77489470793079817668e-8;
const PI4C = 2.69515142907905952645e-15;
const FOUR_OVER_PI = 1.27323954473516268615; // 4/Pi rounded once, as Go's constant expression.
const REDUCE_THRESHOLD = 2 ** 29;

const SIN = [
  1.5896230157654656806e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6,
  -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1,
] as const;
const COS = [
  -1.135853652138768173e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7, 2.48015872888517045348e-5,
  -1.38888888888730564116e-3, 4.16666666666665929218e-2,
] as const;

function sinPoly(z: number, zz: number): number {
  return z + z * zz * (((((SIN[0] * zz + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5]);
}

function cosPoly(zz: number): number {
  return (
    1.0 -
    0.5 * zz +
    zz * zz * (((((COS[0] * zz + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5])
  );
}

// reduce returns the octant j (zeros mapped to the origin) and the remainder z of a positive x below 2^29.
function reduce(x: number): [number, number] {
  let j = Math.floor(x * FOUR_OVER_PI);
  let y = j;
  if (j % 2 === 1) {
    j++;
    y++;
  }
  return [j, x - y * PI4A - y * PI4B - y * PI4C];
}

/** goSin is Go's math.Sin. */
export function goSin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  let sign = x < 0;
  const ax = Math.abs(x);
  if (ax >= REDUCE_THRESHOLD) return Math.sin(x);
  const [octant, z] = reduce(ax);
  let j = octant % 8;
  if (j > 3) {
    sign = !sign;
    j -= 4;
  }
  const zz = z * z;
  const y = j === 1 || j === 2 ? cosPoly(zz) : sinPoly(z, zz);
  return sign ? -y : y;
}

/** goCos is Go's math.Cos. */
export function goCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= REDUCE_THRESHOLD) return Math.cos(x);
  const [octant, z] = reduce(ax);
  let j = octant % 8;
  let sign = false;
  if (j > 3) {
    j -= 4;
    sign = !sign;
  }
  if (j > 1) sign = !sign;
  const zz = z * z;
  const y = j === 1 || j === 2 ? sinPoly(z, zz) : cosPoly(zz);
  return sign ? -y : y;
}

const TAN_P = [-1.30936939181383777646e4, 1.1535166483858741614e6, -1.79565251976484877988e7] as const;
const TAN_Q = [
  1.0, 1.36812963470692954678e4, -1.32089234440210967447e6, 2.50083801823357915839e7,
  -5.38695755929454629881e7,
] as const;

/** goTan is Go's math.Tan. */
export function goTan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= REDUCE_THRESHOLD) return Math.tan(x);
  const [j, z] = reduce(ax);
  const zz = z * z;
  let y = z;
  if (zz > 1e-14) {
    y =
      z +
      z *
        ((zz * ((TAN_P[0] * zz + TAN_P[1]) * zz + TAN_P[2])) /
          ((((zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]) * zz + TAN_Q[4]));
  }
  if (j % 4 >= 2) y = -1 / y;
  return x < 0 ? -y : y;
}

function xatan(x: number): number {
  const P0 = -8.750608600031904122785e-1;
  const P1 = -1.615753718733365076637e1;
  const P2 = -7.50085579231470466734e1;
  const P3 = -1.22886668449013617341e2;
  const P4 = -6.485021904942025371773e1;
  const Q0 = 2.485846490142306297962e1;
  const Q1 = 1.650270098316988542046e2;
  const Q2 = 4.328810604912902668951e2;
  const Q3 = 4.853903996359136964868e2;
  const Q4 = 1.945506571482613964425e2;
  let z = x * x;
  z =
    (z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4)) /
    (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
  return x * z + x;
}

function satan(x: number): number {
  const MOREBITS = 6.12323399573676588613e-17;
  const TAN3PIO8 = 2.4142135623730950488;
  if (x <= 0.66) return xatan(x);
  if (x > TAN3PIO8) return Math.PI / 2 - xatan(1 / x) + MOREBITS;
  return Math.PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * MOREBITS;
}

/** goAtan is Go's math.Atan. */
export function goAtan(x: number): number {
  if (x === 0) return x;
  return x > 0 ? satan(x) : -satan(-x);
}

/** goAsin is Go's math.Asin. */
export function goAsin(x: number): number {
  if (x === 0) return x;
  const ax = Math.abs(x);
  if (ax > 1) return NaN;
  const root = Math.sqrt(1 - ax * ax);
  const r = ax > 0.7 ? Math.PI / 2 - satan(root / ax) : satan(ax / root);
  return x < 0 ? -r : r;
}

/** goAcos is Go's math.Acos: Pi/2 − Asin(x). */
export function goAcos(x: number): number {
  return Math.PI / 2 - goAsin(x);
}

/** goSinh is Go's math.Sinh (a rational approximation below 0.5, exponentials above). */
export function goSinh(x: number): number {
  const P0 = -0.6307673640497716991184787251e6;
  const P1 = -0.8991272022039509355398013511e5;
  const P2 = -0.2894211355989563807284660366e4;
  const P3 = -0.2630563213397497062819489e2;
  const Q0 = -0.6307673640497716991212077277e6;
  const Q1 = 0.1521517378790019070696485176e5;
  const Q2 = -0.173678953558233699533450911e3;
  const ax = Math.abs(x);
  let r: number;
  if (ax > 21) r = Math.exp(ax) / 2;
  else if (ax > 0.5) r = (Math.exp(ax) - Math.exp(-ax)) / 2;
  else {
    const sq = ax * ax;
    r = (((P3 * sq + P2) * sq + P1) * sq + P0) * ax;
    r = r / (((sq + Q2) * sq + Q1) * sq + Q0);
  }
  return x < 0 ? -r : r;
}

/** goCosh is Go's math.Cosh. */
export function goCosh(x: number): number {
  const ax = Math.abs(x);
  if (ax > 21) return Math.exp(ax) / 2;
  return (Math.exp(ax) + Math.exp(-ax)) / 2;
}

/** goTanh is Go's math.Tanh. */
export function goTanh(x: number): number {
  const MAXLOG = 8.8029691931113054295988e1;
  const P = [-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3] as const;
  const Q = [1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3] as const;
  const z = Math.abs(x);
  if (z > 0.5 * MAXLOG) return x < 0 ? -1 : 1;
  if (z >= 0.625) {
    const s = Math.exp(2 * z);
    const r = 1 - 2 / (s + 1);
    return x < 0 ? -r : r;
  }
  if (x === 0) return x;
  const s = x * x;
  return x + (x * s * ((P[0] * s + P[1]) * s + P[2])) / (((s + Q[0]) * s + Q[1]) * s + Q[2]);
}
