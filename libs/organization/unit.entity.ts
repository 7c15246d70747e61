import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * A node of the administrative tree (UBND tỉnh, VPUBND, a Sở, a phòng…). Levels are data: `kind` is
 * free text and the tree has any depth. `path` is the materialised chain of ids (`/root/…/self/`),
 * so a subtree is `path LIKE '<path>%'` on an index.
 */
@Entity('units')
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Unit | null;

  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'int' })
  depth: number;

  /** The day it stopped existing (merged, absorbed, split, dissolved: docs/domain.md §9); kept for history. */
  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Unit kinds whose leaders and monitors see the whole province. */
export const PROVINCE_WIDE_KINDS = ['province', 'provincial_office'];
