import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, preparedQuery } from '@app/core';
import { Actor, ActorMembership } from '../access/actor.js';
import { Permission } from '../access/permission.js';
import { reachesSubtree, Role } from '../access/role.js';
import { UnitsService } from '../units/units.service.js';
import { ActorCache } from './actor-cache.service.js';
import { GrantMembershipDto, MembershipDto } from './membership.dto.js';

interface ActorRow {
  username: string;
  displayName: string;
  membershipId: string | null;
  role: Role | null;
  unitId: string | null;
  unitPath: string | null;
  former: boolean;
}

interface MembershipRow {
  id: string;
  userId: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  state: 'current' | 'former';
}

@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly actors: ActorCache,
  ) {}

  /** The active account with every role it holds, in one query; undefined if it cannot act. */
  async loadActor(userId: string): Promise<Actor | undefined> {
    const rows = await preparedQuery<ActorRow>(
      this.db.manager,
      `SELECT u.username, u.display_name AS "displayName", m.id AS "membershipId", m.role, m.unit_id AS "unitId",
              un.path::text AS "unitPath", m.state = 'former' AS former
       FROM users u
       LEFT JOIN memberships m ON m.user_id = u.id
       LEFT JOIN units un ON un.id = m.unit_id
       WHERE u.id = $1 AND u.active`,
      [userId],
    );
    if (rows.length === 0) return undefined;
    const held = rows.filter((r) => r.membershipId !== null);
    const membership = (r: ActorRow): ActorMembership => ({ id: r.membershipId!, role: r.role!, unitId: r.unitId, unitPath: r.unitPath });
    return new Actor(userId, rows[0].username, rows[0].displayName, held.filter((r) => !r.former).map(membership), held.filter((r) => r.former).map(membership));
  }

  async forUsers(userIds: string[]): Promise<Map<string, MembershipDto[]>> {
    const rows: MembershipRow[] = await this.db.query(
      `SELECT m.id, m.user_id AS "userId", m.role, m.unit_id AS "unitId", un.name AS "unitName", m.state
       FROM memberships m LEFT JOIN units un ON un.id = m.unit_id
       WHERE m.user_id = ANY($1::uuid[]) ORDER BY m.state, un.path NULLS FIRST, m.role`,
      [userIds],
    );
    const byUser = new Map<string, MembershipDto[]>(userIds.map((id) => [id, []]));
    for (const row of rows) byUser.get(row.userId)!.push(toDto(row));
    return byUser;
  }

  async grant(actor: Actor, userId: string, dto: GrantMembershipDto): Promise<MembershipDto> {
    const unit = await this.units.visible(actor, dto.unitId);
    if (!actor.can(Permission.UserManage, unit)) throw DomainError.forbidden('Your roles do not let you grant roles at this unit');
    if (!unit.active) throw DomainError.conflict('The unit is deactivated', { reason: 'UNIT_INACTIVE' });
    const [user] = await this.db.query('SELECT 1 FROM users WHERE id = $1', [userId]);
    if (!user) throw DomainError.notFound('User');
    const [row]: MembershipRow[] = await this.db.query(
      `INSERT INTO memberships (user_id, unit_id, role, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT memberships_unique DO NOTHING
       RETURNING id, user_id AS "userId", role, unit_id AS "unitId", $5::text AS "unitName", state`,
      [userId, dto.unitId, dto.role, actor.userId, unit.name],
    );
    if (!row) throw DomainError.conflict('The user already holds this role at this unit', { reason: 'DUPLICATE_MEMBERSHIP' });
    this.actors.changed(userId);
    return toDto(row);
  }

  async revoke(actor: Actor, userId: string, membershipId: string): Promise<void> {
    const [row]: { unitId: string | null }[] = await this.db.query(
      `SELECT unit_id AS "unitId" FROM memberships WHERE id = $1 AND user_id = $2`,
      [membershipId, userId],
    );
    if (!row) throw DomainError.notFound('Membership');
    if (row.unitId === null) {
      if (!actor.canEverywhere(Permission.UserManage)) throw DomainError.notFound('Membership');
    } else {
      const unit = await this.units.visible(actor, row.unitId).catch(() => {
        throw DomainError.notFound('Membership');
      });
      if (!actor.can(Permission.UserManage, unit)) throw DomainError.forbidden('Your roles do not let you revoke roles at this unit');
    }
    await this.db.query('DELETE FROM memberships WHERE id = $1', [membershipId]);
    this.actors.changed(userId);
  }
}

function toDto(row: MembershipRow): MembershipDto {
  return { id: row.id, role: row.role, unitId: row.unitId, unitName: row.unitName, reachesSubtree: reachesSubtree(row.role), state: row.state };
}
