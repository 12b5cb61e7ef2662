import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersService } from '@app/auth';
import { MembershipsService, Role, UnitsService } from '@app/org';
import { actorOf } from './demo-actor.js';
import { DEMO_ACCOUNTS, DEMO_TREE, DemoUnit } from './demo-tree.js';

/** Every demo account signs in with this password; it exists only with demo data. */
export const DEMO_PASSWORD = 'demo-password';

/**
 * Fills an empty database with the organisations of the seed documents and one account per
 * role, through the same services an admin would use.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {}

  /** Seeds when there are no units yet; returns the id of each demo unit by key, or undefined. */
  async seedIfEmpty(adminUsername: string): Promise<Map<string, string> | undefined> {
    const [{ count }] = await this.db.query('SELECT count(*)::int AS count FROM units');
    if (count > 0) return undefined;
    const admin = await actorOf(this.db, this.memberships, adminUsername);
    const ids = new Map<string, string>();
    const create = async (unit: DemoUnit, parentId: string | null): Promise<void> => {
      const created = await this.units.create(admin, {
        name: unit.name,
        shortName: unit.shortName,
        kind: unit.kind,
        parentId,
        symbolStyle: unit.symbolStyle,
      });
      ids.set(unit.key, created.id);
      for (const child of unit.children ?? []) await create(child, created.id);
    };
    for (const root of DEMO_TREE) await create(root, null);

    for (const account of DEMO_ACCOUNTS) {
      const user = await this.users.create(admin, { username: account.username, displayName: account.displayName, password: DEMO_PASSWORD });
      await this.memberships.grant(admin, user.id, { unitId: ids.get(account.unitKey)!, role: account.role as Role });
    }
    this.logger.log(`Demo data: ${ids.size} units, ${DEMO_ACCOUNTS.length} accounts`);
    return ids;
  }
}
