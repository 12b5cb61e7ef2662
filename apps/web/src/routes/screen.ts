import type { Role } from '../api/me';

/** One role's screen in the navigation; its routes are listed apart (routes/screen-routes.ts) so the shell does not import them. */
export interface Screen {
  /** The screen's first page, e.g. '/secretary'. */
  path: string;
  /** Locale key of its navigation label (nav.*). */
  labelKey: string;
  /** Shown to users holding one of these roles; the first such screen is their home page. */
  roles: readonly Role[];
}
