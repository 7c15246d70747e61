import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError, Repository } from 'typeorm';
import {
  badRequest,
  conflict,
  fieldError,
  notFound,
  validationFailed,
} from '../common/domain.exception';
import { CreateUnitDto } from './dto/create-unit.dto';
import { UpdateUnitDto } from './dto/update-unit.dto';
import { Unit } from './unit.entity';

/** The unique partial index (migration 1764200000100) that allows one root unit only. */
const SINGLE_ROOT_INDEX = 'units_single_root';

const rootExists = () =>
  conflict(
    'UNIT_ROOT_EXISTS',
    'Hệ thống đã có đơn vị gốc (UBND tỉnh); đơn vị mới phải thuộc một đơn vị cha (parentId)',
  );

/** No new unit under one merged away or dissolved (docs/domain.md §9). */
const dissolvedParent = () =>
  validationFailed(
    fieldError('parentId', 'notDissolved', 'Đơn vị cấp trên đã giải thể hoặc sáp nhập'),
  );

/** The constraint a unique violation names, or null for any other error. */
function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' ? (driver.constraint ?? '') : null;
}

@Injectable()
export class UnitsService {
  constructor(
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  list(): Promise<Unit[]> {
    return this.units.find({ order: { path: 'ASC' } });
  }

  async get(id: string): Promise<Unit> {
    const unit = await this.units.findOneBy({ id });
    if (!unit) throw notFound('Unit', id);
    return unit;
  }

  async getByCode(code: string): Promise<Unit> {
    const unit = await this.units.findOneBy({ code });
    if (!unit) throw notFound('Unit', code);
    return unit;
  }

  /** The unit and all its descendants. */
  subtree(unit: Unit): Promise<Unit[]> {
    return this.units
      .createQueryBuilder('u')
      .where('u.path LIKE :prefix', { prefix: `${unit.path}%` })
      .orderBy('u.path')
      .getMany();
  }

  async create(dto: CreateUnitDto): Promise<Unit> {
    if (await this.units.existsBy({ code: dto.code })) {
      throw conflict('UNIT_CODE_TAKEN', `Unit code ${dto.code} is already used`);
    }
    const parent = dto.parentId ? await this.parentOrFail(dto.parentId) : null;
    if (!parent && (await this.units.existsBy({ parentId: IsNull() }))) throw rootExists();
    const id = crypto.randomUUID();
    try {
      return await this.units.save(
        this.units.create({
          id,
          code: dto.code,
          name: dto.name,
          kind: dto.kind,
          parentId: parent?.id ?? null,
          path: `${parent?.path ?? '/'}${id}/`,
          depth: parent ? parent.depth + 1 : 0,
        }),
      );
    } catch (error) {
      // A concurrent request may have created the root (or taken the code) in the meantime.
      if (uniqueViolation(error) === SINGLE_ROOT_INDEX) throw rootExists();
      if (uniqueViolation(error)) {
        throw conflict('UNIT_CODE_TAKEN', `Unit code ${dto.code} is already used`);
      }
      throw error;
    }
  }

  async update(id: string, dto: UpdateUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Unit);
      const unit = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw notFound('Unit', id);
      if (dto.name !== undefined) unit.name = dto.name;
      if (dto.kind !== undefined) unit.kind = dto.kind;
      // One installation serves one province: a unit never becomes a second root.
      const parentId = dto.parentId as string | null | undefined;
      if (parentId === null && unit.parentId !== null) throw rootExists();
      if (dto.parentId != null && dto.parentId !== unit.parentId) {
        const parent = await repo.findOneBy({ id: dto.parentId });
        if (!parent) throw badRequest('PARENT_NOT_FOUND', `Parent unit ${dto.parentId} not found`);
        if (parent.dissolvedOn) throw dissolvedParent();
        if (parent.path.startsWith(unit.path)) {
          throw conflict('UNIT_CYCLE', 'A unit cannot move under itself or its descendants');
        }
        const newPath = `${parent.path}${unit.id}/`;
        const depthShift = parent.depth + 1 - unit.depth;
        await em.query(
          `UPDATE units SET path = $1 || substr(path, length($2) + 1), depth = depth + $3
           WHERE path LIKE $2 || '%'`,
          [newPath, unit.path, depthShift],
        );
        Object.assign(unit, { parentId: parent.id, path: newPath, depth: parent.depth + 1 });
      }
      return repo.save(unit);
    });
  }

  private async parentOrFail(id: string): Promise<Unit> {
    const parent = await this.units.findOneBy({ id });
    if (!parent) throw badRequest('PARENT_NOT_FOUND', `Parent unit ${id} not found`);
    if (parent.dissolvedOn) throw dissolvedParent();
    return parent;
  }
}
