/** A complex number as a plain object; used for matrix elements and amplitudes. */
export interface Complex {
  re: number;
  im: number;
}
