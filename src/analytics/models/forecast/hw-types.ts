/** Types shared by the Holt-Winters files. */

/** Smoothing parameters: level α, trend β, season γ in [0, 1]; damping φ (1 = no damping). */
export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Start values: level, trend and one seasonal value per position of the first season. */
export interface HoltWintersStart {
  level: number;
  trend: number;
  season: Float64Array;
}
