/** A malformed line in an exposition, found by the streaming parser. */
export interface ExpositionError {
  line: number;
  /** 1-based column of the first offending character. */
  column: number;
  message: string;
  /** The offending line (possibly shortened around the column). */
  excerpt: string;
  /** Column of `excerpt`'s first character in the real line (1 unless shortened). */
  excerptStart: number;
  /** `limit`: not malformed input, but a limit of what the parser remembers was reached (ExpositionLimits). */
  kind?: "limit";
}
