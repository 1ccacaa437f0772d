// A webpack loader for chinese-days' calendar (chinese-days/dist/chinese-days.json) in the add-in's script
// (issue 19 item 1): the same object — every section, every date with its value, in the package's order — built as
// the script starts, from runs of days instead of 770 ISO dates written out (3.3 KiB of the script gzipped, now ~1.2).
//
// The values are listed once; a section ({ "2026-01-01": "New Year's Day,元旦,1", … }) becomes runs of consecutive
// days sharing a value, each "step.count.value" in base 36: the run starts `step` days after the date before it
// (signed: the package lists later years first; the first from 1970-01-01), lasts `count` days, and has the
// value numbered `value`.
const DAY_MS = 86_400_000;

/** The one piece of code the script runs: a section back from its runs. */
const DECODE = `(values, runs) => {
  const days = {};
  let day = 0;
  for (const run of runs.split(",")) {
    const [step, count, value] = run.split(".").map((n) => parseInt(n, 36));
    day += step;
    for (let i = 0; i < count; i++) days[new Date((day + i) * ${DAY_MS}).toISOString().slice(0, 10)] = values[value];
    day += count - 1;
  }
  return days;
}`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A section as runs, its values numbered in `values` (shared by the sections). */
function runsOf(section, name, values) {
  const runs = [];
  let day = 0;
  for (const [date, value] of Object.entries(section)) {
    const at = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (!ISO_DATE.test(date) || !Number.isInteger(at) || typeof value !== "string") {
      throw new Error(`chinese-days: ${name}["${date}"] is not an ISO date with a text value`);
    }
    if (!values.includes(value)) values.push(value);
    const last = runs[runs.length - 1];
    if (last && last.value === values.indexOf(value) && at === day + 1) last.count++;
    else runs.push({ step: at - day, count: 1, value: values.indexOf(value) });
    day = at;
  }
  return runs.map((r) => [r.step, r.count, r.value].map((n) => n.toString(36)).join(".")).join(",");
}

/**
 * The module's source: an object of sections, as the JSON holds them. Fails on anything but sections of dates.
 * With `datesOf`, only those sections, and only their dates, each with the value "": what a reader of the dates alone
 * (src/engine/publicity.ts reads `Object.keys` of holidays and workdays) needs; the holidays' names and inLieuDays
 * were 0.6 KiB of functions.js gzipped. test/scripts/compact-calendar.test.ts holds the engine to reading no more.
 */
function compactCalendar(json, datesOf) {
  const calendar = JSON.parse(json);
  const values = [];
  const sections = Object.entries(calendar)
    .filter(([name]) => !datesOf || datesOf.includes(name))
    .map(([name, section]) => {
      if (section === null || typeof section !== "object" || Array.isArray(section)) {
        throw new Error(`chinese-days: "${name}" is not a section of dates`);
      }
      const days = datesOf ? Object.fromEntries(Object.keys(section).map((date) => [date, ""])) : section;
      return `${JSON.stringify(name)}: decode(values, ${JSON.stringify(runsOf(days, name, values))})`;
    });
  for (const name of datesOf ?? []) {
    if (!Object.hasOwn(calendar, name)) throw new Error(`chinese-days: no section "${name}"`);
  }
  return (
    `const decode = ${DECODE};\nconst values = ${JSON.stringify(values)};\n` +
    `export default { ${sections.join(", ")} };\n`
  );
}

module.exports = function loader(source) {
  return compactCalendar(source, this.getOptions().datesOf);
};
module.exports.compactCalendar = compactCalendar;
