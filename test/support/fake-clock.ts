import { Clock } from '@app/core';

/** A clock the test moves: deadlines fire because the date changed, never because a test slept. */
export class FakeClock extends Clock {
  private current: Date;

  constructor(start: string | Date) {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Jumps to an instant (`2016-02-05T09:00:00+07:00`). */
  set(instant: string | Date): void {
    this.current = new Date(instant);
  }

  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
