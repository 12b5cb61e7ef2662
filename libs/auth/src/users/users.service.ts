import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, DomainError, Page, PageQueryDto, toPage } from '@app/core';
import { Actor, ActorCache, GrantMembershipDto, MembershipDto, MembershipsService, Permission, Role } from '@app/org';
import { PasswordHasher } from '../login/password-hasher.js';
import { CreateUserDto, UserDto } from './user.dto.js';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  createdAt: Date;
}

const COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.active, u.created_at AS "createdAt"`;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly memberships: MembershipsService,
    private readonly actors: ActorCache,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    const [row]: UserRow[] = await this.db.query(
      `INSERT INTO users (username, display_name, password_hash, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS.replaceAll('u.', '')}`,
      [dto.username, dto.displayName, passwordHash, actor.userId],
    );
    if (!row) throw DomainError.conflict('The username is taken', { reason: 'USERNAME_TAKEN' });
    return toDto(row, []);
  }

  /** Accounts holding a role inside the caller's admin scope, and those it created. */
  async list(actor: Actor, query: PageQueryDto): Promise<Page<UserDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, ['text']);
    const scope = actor.scopeRoots(Permission.UserManage);
    const rows: UserRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM users u
       WHERE ($2::text IS NULL OR u.username > $2)
         AND ($3::boolean OR u.created_by = $4 OR EXISTS (
           SELECT 1 FROM memberships m JOIN units un ON un.id = m.unit_id
           WHERE m.user_id = u.id AND (un.path <@ ANY($5::ltree[]) OR un.id = ANY($6::uuid[]))))
       ORDER BY u.username LIMIT $1`,
      [limit + 1, after?.[0] ?? null, scope === null, actor.userId, scope?.subtrees ?? [], scope?.units ?? []],
    );
    const memberships = await this.memberships.forUsers(rows.slice(0, limit).map((r) => r.id));
    return toPage(rows, limit, (r) => toDto(r, memberships.get(r.id)!), (r) => [r.username]);
  }

  /** Deactivated: it cannot sign in, its sessions end, and its access tokens stop working at once (the guard reads `active`). */
  async setActive(actor: Actor, userId: string, active: boolean): Promise<UserDto> {
    if (!active && userId === actor.userId) throw DomainError.conflict('An admin cannot deactivate itself', { reason: 'SELF' });
    await this.assertManageable(actor, userId);
    const row = await this.db.transaction(async (tx) => {
      const [[updated]]: [UserRow[]] = await tx.query(`UPDATE users u SET active = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [userId, active]);
      if (!active) await tx.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
      return updated;
    });
    this.actors.changed(userId);
    const memberships = await this.memberships.forUsers([userId]);
    return toDto(row, memberships.get(userId)!);
  }

  /** A new password set by an admin; every session of the account ends. */
  async resetPassword(actor: Actor, userId: string, password: string): Promise<void> {
    await this.assertManageable(actor, userId);
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, passwordHash]);
      await tx.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    });
  }

  /** Ends every session (refresh token) of the account; access tokens lapse within their short lifetime. */
  async revokeSessions(actor: Actor, userId: string): Promise<void> {
    await this.assertManageable(actor, userId);
    await this.db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }

  /** An account the caller administers, as GET /users lists them; NOT_FOUND otherwise. */
  private async assertManageable(actor: Actor, userId: string): Promise<void> {
    const scope = actor.scopeRoots(Permission.UserManage);
    const [row] = await this.db.query(
      `SELECT 1 FROM users u WHERE u.id = $1
         AND ($2::boolean OR u.created_by = $3 OR EXISTS (
           SELECT 1 FROM memberships m JOIN units un ON un.id = m.unit_id
           WHERE m.user_id = u.id AND (un.path <@ ANY($4::ltree[]) OR un.id = ANY($5::uuid[]))))`,
      [userId, scope === null, actor.userId, scope?.subtrees ?? [], scope?.units ?? []],
    );
    if (!row) throw DomainError.notFound('User');
  }

  async grant(actor: Actor, userId: string, dto: GrantMembershipDto): Promise<MembershipDto> {
    return this.memberships.grant(actor, userId, dto);
  }

  async revoke(actor: Actor, userId: string, membershipId: string): Promise<void> {
    return this.memberships.revoke(actor, userId, membershipId);
  }

  /** The first admin of an empty database: holds `admin` over the whole organisation. */
  async bootstrapAdmin(username: string, password: string, displayName = 'Quản trị hệ thống'): Promise<boolean> {
    return this.db.transaction(async (em) => {
      await em.query('LOCK TABLE users IN EXCLUSIVE MODE');
      const [{ count }] = await em.query('SELECT count(*)::int AS count FROM users');
      if (count > 0) return false;
      const [user] = await em.query(
        `INSERT INTO users (username, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
        [username.toLowerCase(), displayName, await this.hasher.hash(password)],
      );
      await em.query(`INSERT INTO memberships (user_id, unit_id, role) VALUES ($1, NULL, $2)`, [user.id, Role.Admin]);
      return true;
    });
  }
}

function toDto(row: UserRow, memberships: MembershipDto[]): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    memberships,
  };
}
