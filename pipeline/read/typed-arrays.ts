/** A typed array twice as long holding `a`'s values first (for arrays that grow by doubling). */
export function doubled<A extends Uint8Array | Int32Array | Uint32Array>(a: A): A {
  const bigger = new (a.constructor as new (length: number) => A)(a.length * 2);
  bigger.set(a);
  return bigger;
}
