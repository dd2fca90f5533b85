// Proleptic Gregorian calendar arithmetic, as java.time's IsoChronology does it (year 0 exists, year -1 is 2 BC).
// Our own integer maths rather than JavaScript's Date, whose Date.UTC maps years 0–99 to 1900–1999.

const DAYS_PER_400_YEARS = 146_097;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function monthLength(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 for a calendar date. Counts in 400-year cycles of years starting in March, so that the leap
 * day is the last day of its year and the month lengths before it are fixed.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const cycle = Math.floor(y / 400);
  const yearOfCycle = y - cycle * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfCycle = yearOfCycle * 365 + Math.floor(yearOfCycle / 4) - Math.floor(yearOfCycle / 100) + dayOfYear;
  return cycle * DAYS_PER_400_YEARS + dayOfCycle - 719_468;
}

/** The calendar date of a day count since 1970-01-01 (the inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const shifted = days + 719_468;
  const cycle = Math.floor(shifted / DAYS_PER_400_YEARS);
  const dayOfCycle = shifted - cycle * DAYS_PER_400_YEARS;
  const yearOfCycle = Math.floor(
    (dayOfCycle - Math.floor(dayOfCycle / 1460) + Math.floor(dayOfCycle / 36_524) - Math.floor(dayOfCycle / 146_096)) /
      365,
  );
  const dayOfYear = dayOfCycle - (365 * yearOfCycle + Math.floor(yearOfCycle / 4) - Math.floor(yearOfCycle / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfCycle + cycle * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** ISO day of week, as Java's DayOfWeek numbers it: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const dayOfWeek = (epochDay: number): number => (((epochDay + 3) % 7) + 7) % 7 + 1;

export const dayOfYear = (year: number, month: number, day: number): number =>
  daysFromCivil(year, month, day) - daysFromCivil(year, 1, 1) + 1;

/** How many ISO weeks a year has: 53 when it starts on a Thursday, or on a Wednesday in a leap year. */
function isoWeeksInYear(year: number): number {
  const jan1 = dayOfWeek(daysFromCivil(year, 1, 1));
  return jan1 === 4 || (jan1 === 3 && isLeapYear(year)) ? 53 : 52;
}

/**
 * ISO-8601 week of the week-based year (Java's IsoFields.WEEK_OF_WEEK_BASED_YEAR): weeks start on Monday and
 * week 1 is the one holding the year's first Thursday, so 2019-12-30 is in week 1 (of 2020).
 */
export function isoWeekOfYear(year: number, month: number, day: number): number {
  const week = Math.floor((dayOfYear(year, month, day) - dayOfWeek(daysFromCivil(year, month, day)) + 10) / 7);
  if (week < 1) return isoWeeksInYear(year - 1);
  return week > isoWeeksInYear(year) ? 1 : week;
}
