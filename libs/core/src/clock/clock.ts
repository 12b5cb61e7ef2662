/** Where time comes from: injected, so tests move a fake clock instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Built once: constructing an Intl formatter costs far more than formatting with it. */
const VIETNAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Vietnam (UTC+7), where plans are dated and deadlines fall. */
export function localDate(instant: Date): string {
  return VIETNAM_DATE.format(instant);
}
