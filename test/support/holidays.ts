/**
 * A whole year the holiday calendar does not cover, as a bureau would list it from the State Council's notice: a
 * day off for each official holiday (src/engine/publicity.ts FESTIVALS), so a list built on it is taken whole.
 * 2027's lunar festivals: 春节 6 February, 端午 9 June, 中秋 15 September.
 */
export const DAYS_OFF_2027: readonly string[] = [
  "2027-01-01",
  "2027-02-05",
  "2027-02-06",
  "2027-02-07",
  "2027-04-05",
  "2027-05-01",
  "2027-06-09",
  "2027-09-15",
  "2027-10-01",
  "2027-10-02",
  "2027-10-03",
];
