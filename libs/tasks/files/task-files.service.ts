import { HttpStatus, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { isTerminal } from '../../domain/task-state';
import type { Actor } from '../../auth/actor';
import {
  conflict,
  DomainException,
  ErrorDetail,
  fieldError,
  forbidden,
  validationFailed,
} from '../../common/domain.exception';
import type { Environment } from '../../config/environment';
import { TaskAccessService } from '../task-access.service';
import { ALLOWED_EXTENSIONS, FILE_FORMATS, formatOfName, sniffFormat } from './file-kinds';
import { sanitizeFileName, withExtension } from './file-name';
import type { TaskFileDto, UploadTaskFileDto } from './task-file.dto';

/** A part `file` as the storage engine below left it: in the temporary directory, hashed. */
export interface StagedUpload {
  originalname: string;
  path: string;
  size: number;
  sha256: string;
}

/** The engine multer writes the part `file` with (multer's StorageEngine interface). */
export interface UploadStorageEngine {
  _handleFile(
    req: unknown,
    file: { stream: NodeJS.ReadableStream },
    cb: (error: Error | null, info?: Partial<StagedUpload>) => void,
  ): void;
  _removeFile(req: unknown, file: { path?: string }, cb: (error: Error | null) => void): void;
}

/** Temporary files older than this are left over from a crash and removed at start-up. */
const STALE_TEMP_MS = 60 * 60 * 1000;

const COLUMNS = `f.id, f.task_id AS "taskId", f.kind, f.event_seq AS "eventSeq", f.name,
  f.size_bytes AS size, f.content_type AS "contentType", f.sha256,
  json_build_object('id', u.id, 'fullName', u.full_name) AS "uploadedBy",
  to_char(f.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "uploadedAt"`;

const fileField = (rule: string, message: string): ErrorDetail => fieldError('file', rule, message);

const TYPES_TEXT = 'PDF, DOC/DOCX, XLS/XLSX, JPG/PNG';

/**
 * Files on tasks. Whoever may open a task (`TaskAccessService.loadVisible`, the one rule) lists,
 * downloads and, while the task is open, uploads its files; the uploader may delete its own file
 * while the task is open. Bytes go to a temporary name first and reach their place (named by the
 * row's id) only once the content is checked and the row is written in the same transaction: a
 * refused or failed upload leaves neither a file nor a row.
 */
@Injectable()
export class TaskFilesService implements OnModuleInit {
  private readonly logger = new Logger(TaskFilesService.name);
  readonly dir: string;
  private readonly tempDir: string;
  readonly maxBytes: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskAccessService,
    config: ConfigService<Environment, true>,
  ) {
    this.dir = resolve(config.get('TASK_FILES_DIR', { infer: true }));
    this.tempDir = join(this.dir, '.tmp');
    this.maxBytes = config.get('TASK_FILE_MAX_BYTES', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tempDir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await discard(path);
    }
  }

  /** Streams the part to a temporary file, hashing it on the way. */
  readonly storage: UploadStorageEngine = {
    _handleFile: (_req, file, cb) => {
      const path = join(this.tempDir, `${randomUUID()}.part`);
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      pipeline(file.stream, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 })).then(
        () => cb(null, { path, size, sha256: hash.digest('hex') }),
        // Multer waits for cb; a failed clean-up is logged, never left as an unhandled rejection.
        (error: Error) =>
          void discard(path).then(
            () => cb(error),
            (failed) => {
              this.logger.warn(`Staged upload ${path} not removed: ${failed}`);
              cb(error);
            },
          ),
      );
    },
    _removeFile: (_req, file, cb) => {
      void (file.path ? discard(file.path) : Promise.resolve()).then(
        () => cb(null),
        (error: Error) => cb(error),
      );
    },
  };

  /** Removes a staged upload that did not become a task file (no-op once it has). */
  discardStaged(file: StagedUpload | undefined): Promise<void> {
    return file?.path ? discard(file.path) : Promise.resolve();
  }

  /**
   * Whether the actor may add a file to this task now: the same answers as GET /tasks/:id for
   * those who may not see it, 409 TASK_CLOSED once it is completed or cancelled. Checked before
   * the body is read, and again with it.
   */
  async assertUploadable(actor: Actor, taskId: string): Promise<void> {
    const task = await this.tasks.loadVisible(actor, taskId);
    if (isTerminal(task.status)) {
      throw conflict(
        'TASK_CLOSED',
        'Nhiệm vụ đã hoàn thành hoặc đã bị thu hồi: không thể thêm hay xoá tệp',
      );
    }
  }

  async upload(
    actor: Actor,
    taskId: string,
    file: StagedUpload | undefined,
    dto: UploadTaskFileDto,
  ): Promise<TaskFileDto> {
    let stored: string | undefined;
    try {
      await this.assertUploadable(actor, taskId);
      if (!file) {
        throw validationFailed(
          fileField('required', 'Cần gửi tệp trong trường file (multipart/form-data)'),
        );
      }
      if (file.size === 0) {
        throw validationFailed(fileField('notEmpty', 'Tệp rỗng'));
      }
      const format = await sniffFormat(file.path);
      if (!format) {
        throw unsupported(
          'fileType',
          `Chỉ nhận tệp ${TYPES_TEXT}; nội dung tệp này không thuộc các loại đó`,
        );
      }
      let name = sanitizeFileName(file.originalname ?? '');
      const claimed = formatOfName(name);
      if (claimed && claimed !== format) {
        throw unsupported(
          'contentMismatch',
          `Tên tệp có đuôi .${claimed} nhưng nội dung là tệp ${format.toUpperCase()}`,
        );
      }
      if (!claimed) name = withExtension(name, format);
      if (dto.eventSeq !== undefined) await this.assertEvent(taskId, dto.eventSeq);

      const id = randomUUID();
      const target = this.pathOf(id);
      await this.db.transaction(async (em) => {
        await em.query(
          `INSERT INTO task_files (id, task_id, kind, event_seq, name, content_type, size_bytes, sha256, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            taskId,
            dto.kind,
            dto.eventSeq ?? null,
            name,
            FILE_FORMATS[format],
            file.size,
            file.sha256,
            actor.id,
          ],
        );
        await mkdir(dirname(target), { recursive: true });
        await rename(file.path, target);
        stored = target;
      });
      return (await this.find(taskId, id))!;
    } catch (error) {
      // The row was not committed: its bytes must not stay either.
      if (stored) await discard(stored);
      throw error;
    } finally {
      await this.discardStaged(file);
    }
  }

  async list(actor: Actor, taskId: string): Promise<TaskFileDto[]> {
    await this.tasks.loadVisible(actor, taskId);
    return this.filesOf(taskId);
  }

  /** The task's files, oldest first, without a permission check (callers have made it). */
  filesOf(taskId: string): Promise<TaskFileDto[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM task_files f JOIN users u ON u.id = f.uploaded_by
       WHERE f.task_id = $1 ORDER BY f.uploaded_at, f.id`,
      [taskId],
    );
  }

  /** The file's row and a stream of its bytes. */
  async open(
    actor: Actor,
    taskId: string,
    fileId: string,
  ): Promise<{ file: TaskFileDto; stream: ReadStream }> {
    await this.tasks.loadVisible(actor, taskId);
    const file = await this.findOrThrow(taskId, fileId);
    const path = this.pathOf(file.id);
    const present = await stat(path).catch(() => null);
    if (!present) {
      this.logger.error(`Task file ${file.id} has a row but no content at ${path}`);
      throw new DomainException(
        HttpStatus.NOT_FOUND,
        'TASK_FILE_NOT_FOUND',
        `Nội dung tệp ${file.name} không còn trên máy chủ`,
      );
    }
    return { file, stream: createReadStream(path) };
  }

  /** The uploader deletes its own file while the task is open. */
  async remove(actor: Actor, taskId: string, fileId: string): Promise<void> {
    const file = await this.findOrThrow(taskId, fileId, actor);
    if (file.uploadedBy.id !== actor.id) {
      throw forbidden('ACTION_NOT_ALLOWED', 'Chỉ người đã tải tệp lên mới xoá được tệp này');
    }
    await this.assertUploadable(actor, taskId);
    // Row first: should the unlink fail, an orphaned file is harmless, a row without bytes is not.
    await this.db.query('DELETE FROM task_files WHERE id = $1', [file.id]);
    await discard(this.pathOf(file.id)).catch((error) =>
      this.logger.warn(`Task file ${file.id} deleted, its content not: ${error}`),
    );
  }

  private async findOrThrow(taskId: string, fileId: string, actor?: Actor) {
    if (actor) await this.tasks.loadVisible(actor, taskId);
    const file = await this.find(taskId, fileId);
    if (!file) {
      throw new DomainException(
        HttpStatus.NOT_FOUND,
        'TASK_FILE_NOT_FOUND',
        `Task file ${fileId} not found`,
      );
    }
    return file;
  }

  private async find(taskId: string, fileId: string): Promise<TaskFileDto | undefined> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS} FROM task_files f JOIN users u ON u.id = f.uploaded_by
       WHERE f.task_id = $1 AND f.id = $2`,
      [taskId, fileId],
    );
    return row;
  }

  private async assertEvent(taskId: string, seq: number): Promise<void> {
    const [found] = await this.db.query(
      'SELECT 1 FROM task_events WHERE task_id = $1 AND seq = $2',
      [taskId, seq],
    );
    if (!found) {
      throw validationFailed(
        fieldError(
          'eventSeq',
          'exists',
          'eventSeq phải là số thứ tự của một sự kiện trong lịch sử nhiệm vụ này',
        ),
      );
    }
  }

  /** Bytes live at `<dir>/<first two hex digits of the id>/<id>`. */
  pathOf(id: string): string {
    return join(this.dir, id.slice(0, 2), id);
  }
}

const unsupported = (rule: string, message: string) =>
  new DomainException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'FILE_TYPE_NOT_ALLOWED', message, [
    fileField(rule, `${message} (cho phép: ${ALLOWED_EXTENSIONS.join(', ')})`),
  ]);

async function discard(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
