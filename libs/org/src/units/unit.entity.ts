import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SymbolStyle = 'party' | 'state';

/** An organisation unit (cấp ủy, ban, UBND, đoàn thể, chi bộ …): a node of the tree. */
@Entity('units')
export class Unit {
  @PrimaryColumn('uuid')
  id: string;

  /** Numeric label of this unit in every path below it. */
  @Column('bigint')
  label: string;

  @Column('text')
  name: string;

  /** The abbreviation in document symbols: TU, QU, ĐUK, BTGTU, BQLKKT … */
  @Column('text', { name: 'short_name' })
  shortName: string;

  @Column('text')
  kind: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  /** ltree of labels from the root down to this unit. */
  @Column('ltree')
  path: string;

  @Column({ type: 'integer', insert: false, update: false })
  depth: number;

  @Column('text', { name: 'symbol_style' })
  symbolStyle: SymbolStyle;

  @Column('boolean')
  active: boolean;

  /** Text in UTC (utcText), as UnitsService reads it. */
  @Column('timestamptz', { name: 'created_at' })
  createdAt: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: string;
}

/** A unit as UnitsService reads it (UNIT_COLUMNS, and whether units lie below it): the label lives only inside paths. */
export type UnitRow = Omit<Unit, 'label'> & { hasChildren: boolean; validFrom: string | null; validTo: string | null };

@Entity('unit_kinds')
export class UnitKind {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'name_vi' })
  nameVi: string;
}
