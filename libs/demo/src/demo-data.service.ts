import { Injectable } from '@nestjs/common';
import type { ReorganisationResult } from '@app/reorganisation';
import { DemoPlansSeeder } from './demo-plans.service.js';
import { DemoReorganisationSeeder } from './demo-reorganisation.service.js';
import { DemoSeeder } from './demo-seeder.service.js';
import { DemoWorkSeeder } from './demo-work.service.js';

export interface SeededDemo {
  units: Map<string, string>;
  plans: string[];
  reorganisation?: ReorganisationResult;
}

/**
 * The whole demo, in the order its story happened: the tree and accounts, the seed documents as
 * issued plans (2015–2024), the 2025 reorganisation over them (unless `reorganisation` is false:
 * then the tree stays as it was before 2025), and the day's work of the accounts — done by the
 * units they act for now. `npm start` and the browser flows' server run this (apps/api main.ts).
 */
@Injectable()
export class DemoData {
  constructor(
    private readonly tree: DemoSeeder,
    private readonly plans: DemoPlansSeeder,
    private readonly reorganisations: DemoReorganisationSeeder,
    private readonly work: DemoWorkSeeder,
  ) {}

  /**
   * Seeds when there are no units yet; returns the id of each demo unit by key (with the units the
   * reorganisation made), the seed plans' ids (DEMO_PLANS order) and the 1 July 2025 reorganisation.
   */
  async seedIfEmpty(adminUsername: string, { reorganisation }: { reorganisation: boolean }): Promise<SeededDemo | undefined> {
    const units = await this.tree.seedIfEmpty(adminUsername);
    if (!units) return undefined;
    const plans = await this.plans.seed(units);
    const reorganised = reorganisation ? await this.reorganisations.seed(units, adminUsername) : undefined;
    await this.work.seed(units, { reorganised: reorganisation });
    return { units, plans, reorganisation: reorganised };
  }
}
