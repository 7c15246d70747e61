import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { TaskFilesService } from '../files/task-files.service';
import { TaskAccessService } from '../task-access.service';
import { TaskCommentDto, TimelineEntryDto } from './task-comment.dto';

const ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const COMMENT_COLUMNS = `c.id, c.task_id AS "taskId", c.body,
  json_build_object('id', u.id, 'fullName', u.full_name, 'unitId', un.id, 'unitName', un.name) AS author,
  ${ISO('c.created_at')} AS "createdAt"`;

/** Notice titles are bounded by their column. */
const TITLE_MAX = 300;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The comment thread (trao đổi) of a task and its timeline. Whoever may open a task
 * (`TaskAccessService.loadVisible`) reads and writes its thread, also once it is completed or
 * cancelled. Comments are not workflow events: the API writes them, and the timeline merges them
 * with the workflow's history (docs/decisions/0014-task-files-and-comments.md).
 */
@Injectable()
export class TaskCommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskAccessService,
    private readonly files: TaskFilesService,
  ) {}

  /**
   * Stores the comment and, in the same transaction, puts a notice in the inbox of the task's
   * people (assigner, assignee, watchers, reviewers, the lead unit's managers, and whoever
   * commented before), the author excepted.
   */
  async create(actor: Actor, taskId: string, body: string): Promise<TaskCommentDto> {
    const task = await this.tasks.loadVisible(actor, taskId);
    const id = await this.db.transaction(async (em) => {
      const [{ id }] = await em.query(
        `INSERT INTO task_comments (task_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`,
        [taskId, actor.id, body],
      );
      await em.query(
        `INSERT INTO notifications (user_id, task_id, kind, title, body, dedupe_key)
         SELECT u.id, $1, 'task_comment', $3, $4, 'comment:' || $5::text
         FROM users u
         WHERE u.active AND u.id <> $2 AND (
           u.id = $6 OR u.id = $7 OR u.id = ANY($8::uuid[]) OR u.id = ANY($9::uuid[])
           OR (u.unit_id = $10 AND 'unit_manager' = ANY(u.roles))
           OR u.id IN (SELECT c.author_id FROM task_comments c WHERE c.task_id = $1))
         ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
        [
          taskId,
          actor.id,
          clip(`${actor.fullName} đã trao đổi về nhiệm vụ: ${task.title}`, TITLE_MAX),
          `Nhiệm vụ: ${task.title}\n${actor.fullName}: ${body}`,
          id,
          task.assignerId,
          task.assigneeId,
          task.watcherIds,
          task.reviewerIds,
          task.leadUnitId,
        ],
      );
      return id as string;
    });
    const [comment] = await this.db.query(
      `SELECT ${COMMENT_COLUMNS} FROM task_comments c JOIN users u ON u.id = c.author_id
       JOIN units un ON un.id = u.unit_id WHERE c.id = $1`,
      [id],
    );
    return comment;
  }

  /** The thread, oldest first. */
  async list(actor: Actor, taskId: string): Promise<TaskCommentDto[]> {
    await this.tasks.loadVisible(actor, taskId);
    return this.db.query(
      `SELECT ${COMMENT_COLUMNS} FROM task_comments c JOIN users u ON u.id = c.author_id
       JOIN units un ON un.id = u.unit_id WHERE c.task_id = $1 ORDER BY c.created_at, c.id`,
      [taskId],
    );
  }

  /**
   * The task's history events, comments and files in one list, oldest first: each event with
   * the files uploaded for it (`eventSeq`), files uploaded on their own as entries of their own.
   */
  async timeline(actor: Actor, taskId: string): Promise<TimelineEntryDto[]> {
    await this.tasks.loadVisible(actor, taskId);
    const actorJson = (user: string, unit: string) =>
      `CASE WHEN ${user}.id IS NULL THEN NULL ELSE json_build_object('id', ${user}.id,
         'fullName', ${user}.full_name, 'unitName', ${unit}.name) END`;
    const rows: (TimelineEntryDto & { sortAt: string; sortKey: string })[] = await this.db.query(
      `SELECT 'event' AS type, ${ISO('e.occurred_at')} AS at, e.occurred_at AS "sortAt",
              lpad(e.seq::text, 10, '0') AS "sortKey", ${actorJson('u', 'un')} AS actor,
              json_build_object('seq', e.seq, 'action', e.action, 'fromStatus', e.from_status,
                'toStatus', e.to_status, 'data', e.data) AS event, NULL::json AS comment
       FROM task_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN units un ON un.id = u.unit_id
       WHERE e.task_id = $1
       UNION ALL
       SELECT 'comment', ${ISO('c.created_at')}, c.created_at, c.id::text, ${actorJson('u', 'un')},
              NULL, json_build_object('id', c.id, 'body', c.body)
       FROM task_comments c JOIN users u ON u.id = c.author_id JOIN units un ON un.id = u.unit_id
       WHERE c.task_id = $1
       ORDER BY 3, 4`,
      [taskId],
    );
    const files = await this.files.filesOf(taskId);
    const entries: TimelineEntryDto[] = rows.map(({ sortAt: _, sortKey: __, ...row }) => ({
      ...row,
      files: row.event ? files.filter((f) => f.eventSeq === row.event!.seq) : [],
    }));
    const loose = files
      .filter((f) => f.eventSeq === null)
      .map<TimelineEntryDto>((f) => ({
        type: 'file',
        at: f.uploadedAt,
        actor: { id: f.uploadedBy.id, fullName: f.uploadedBy.fullName, unitName: null },
        event: null,
        comment: null,
        files: [f],
      }));
    // Both lists are in time order: merge them (a stable merge keeps events before same-instant files).
    const merged: TimelineEntryDto[] = [];
    let j = 0;
    for (const entry of entries) {
      while (j < loose.length && loose[j].at < entry.at) merged.push(loose[j++]);
      merged.push(entry);
    }
    return merged.concat(loose.slice(j));
  }
}
