import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { CreateUnitDto } from '../../../libs/organization/dto/create-unit.dto';
import { CreateUserDto } from '../../../libs/organization/dto/create-user.dto';
import { Unit } from '../../../libs/organization/unit.entity';
import { User } from '../../../libs/organization/user.entity';
import { UnitsService } from '../../../libs/organization/units.service';
import { UsersService } from '../../../libs/organization/users.service';

/** What `bootstrap-admin` reads (BOOTSTRAP_* in libs/config/environment.ts, .env.example). */
export interface BootstrapInput {
  rootUnitCode: string;
  rootUnitName: string;
  username: string;
  password: string;
}

export type BootstrapOutcome =
  | { created: false; reason: 'admin-exists'; username: string }
  | { created: true; username: string; rootUnitCreated: boolean; rootUnitCode: string };

export function bootstrapInputFromEnv(env: NodeJS.ProcessEnv): BootstrapInput {
  return {
    rootUnitCode: env.BOOTSTRAP_ROOT_UNIT_CODE || 'UBND',
    rootUnitName: env.BOOTSTRAP_ROOT_UNIT_NAME || 'Ủy ban nhân dân tỉnh',
    username: env.BOOTSTRAP_ADMIN_USERNAME || 'admin',
    password: env.BOOTSTRAP_ADMIN_PASSWORD ?? '',
  };
}

/**
 * A fresh production database has no user, and every write of the API needs one: this creates
 * the root unit (when there is none) and one administrator in it, through the same services and
 * validation rules as the API. It does nothing once an active administrator exists, so a
 * deployment may run it on every release (docker compose, the Kubernetes Job).
 */
export async function bootstrapAdmin(
  app: INestApplicationContext,
  input: BootstrapInput,
): Promise<BootstrapOutcome> {
  const data = app.get(DataSource);
  const existing = await data
    .getRepository(User)
    .createQueryBuilder('u')
    .where(`'admin' = ANY(u.roles)`)
    .andWhere('u.active')
    .orderBy('u.username')
    .getOne();
  if (existing) return { created: false, reason: 'admin-exists', username: existing.username };

  const userFields = {
    username: input.username,
    password: input.password,
    fullName: 'Quản trị hệ thống',
    title: 'Quản trị hệ thống',
    roles: ['admin'],
  };
  // Everything is validated before anything is written: a bad password leaves no lone root unit.
  await valid(CreateUserDto, { ...userFields, unitId: '00000000-0000-4000-8000-000000000000' });
  let root = await data.getRepository(Unit).findOneBy({ parentId: IsNull() });
  const rootUnitCreated = !root;
  if (!root) {
    const unit = await valid(CreateUnitDto, {
      code: input.rootUnitCode,
      name: input.rootUnitName,
      kind: 'province',
    });
    root = await app.get(UnitsService).create(unit);
  }
  const user = await valid(CreateUserDto, { ...userFields, unitId: root.id });
  await app.get(UsersService).create(user);
  return { created: true, username: input.username, rootUnitCreated, rootUnitCode: root.code };
}

/** The DTO's own class-validator rules; a violation names the BOOTSTRAP_* variable at fault. */
async function valid<T extends object>(dto: new () => T, plain: object): Promise<T> {
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map(
        (rule) => `  ${VARIABLES[e.property] ?? e.property}: ${rule}`,
      ),
    );
    throw new Error(`bootstrap-admin: invalid settings\n${lines.join('\n')}`);
  }
  return instance;
}

const VARIABLES: Record<string, string> = {
  code: 'BOOTSTRAP_ROOT_UNIT_CODE',
  name: 'BOOTSTRAP_ROOT_UNIT_NAME',
  username: 'BOOTSTRAP_ADMIN_USERNAME',
  password: 'BOOTSTRAP_ADMIN_PASSWORD',
};
