import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/useSession';
import { formatDate, formatDateTime } from '../../shared/format';
import { PRIORITY_LABELS, STATUS_LABELS, TASK_EVENT_LABELS } from '../../shared/labels';
import { NoAccess } from '../../shared/NoAccess';
import { PageLoading } from '../../shared/PageLoading';
import { TimelinessTag } from '../../shared/TimelinessTag';
import { unitsById, useUnits } from '../../shared/units';
import { useTaskSourceLabels } from './assign/useAssignOptions';
import { ACTION_TEXT } from './detail/actionLabels';
import { ActionModal } from './detail/ActionModal';
import { SubtaskList } from './detail/SubtaskList';
import {
  mayUploadFiles,
  taskKeys,
  useComments,
  useReminders,
  useSubtasks,
  useTask,
  useTaskFiles,
  useTimeline,
  type TaskActionKey,
  type TaskDetail,
} from './detail/taskApi';
import { TaskComments } from './detail/TaskComments';
import { TaskFiles } from './detail/TaskFiles';
import { TaskHistory } from './detail/TaskHistory';
import { TaskReminders } from './detail/TaskReminders';
import { TaskSummary } from './detail/TaskSummary';
import { MUTED } from '../../shared/muted';

/** The next step of the work is the primary button; cancelling is marked as dangerous. */
const PRIMARY: TaskActionKey[] = ['accept', 'submitResult', 'approve', 'decideExtension'];

const heading = (text: string) => (
  <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
    {text}
  </Typography.Title>
);

/** What changed between the task the user saw and the one just reloaded, in words. */
function changesBetween(before: TaskDetail, after: TaskDetail): string[] {
  const lines: string[] = [];
  if (before.status !== after.status) {
    lines.push(`Trạng thái: ${STATUS_LABELS[before.status]} → ${STATUS_LABELS[after.status]}`);
  }
  if (before.leadUnitId !== after.leadUnitId) {
    lines.push(`Đơn vị chủ trì: ${before.leadUnit.name} → ${after.leadUnit.name}`);
  }
  if (before.dueDate !== after.dueDate) {
    lines.push(`Hạn xử lý: ${formatDate(before.dueDate)} → ${formatDate(after.dueDate)}`);
  }
  if (!before.pendingExtension !== !after.pendingExtension) {
    lines.push(
      after.pendingExtension ? 'Có đề nghị gia hạn mới' : 'Đề nghị gia hạn đã được quyết định',
    );
  }
  if (before.progressPercent !== after.progressPercent) {
    lines.push(`Tiến độ: ${before.progressPercent}% → ${after.progressPercent}%`);
  }
  return lines;
}

/** Chi tiết nhiệm vụ (/nhiem-vu/:id). */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const actor = useSession()!.actor;
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<TaskActionKey | null>(null);

  const taskQuery = useTask(id);
  const task = taskQuery.data;
  const visible = !!task;
  const units = useUnits();
  const unitMap = useMemo(() => unitsById(units.data), [units.data]);
  const sources = useTaskSourceLabels();
  const timeline = useTimeline(id, visible);
  const files = useTaskFiles(id, visible);
  const comments = useComments(id, visible);
  const subtasks = useSubtasks(id, visible);
  const reminders = useReminders(id, visible);

  if (taskQuery.error) {
    const status = taskQuery.error instanceof ApiError ? taskQuery.error.status : 0;
    if ([400, 403, 404].includes(status)) return <NoAccess what="nhiệm vụ này" />;
    return <Alert type="error" showIcon title={errorMessage(taskQuery.error)} />;
  }
  if (!task) return <PageLoading />;

  // The API says what this user may do now (its permission and state rules); only those show.
  const actions = task.allowedActions;
  const primary = actions.find((a) => PRIMARY.includes(a));
  const refreshAll = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: taskKeys.all(id) }),
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    ]);

  const onDone = (result: TaskDetail) => {
    if (action !== 'split') queryClient.setQueryData(taskKeys.detail(id), result);
    setAction(null);
    void refreshAll();
  };

  /** A 409: reload; if someone else changed the task meanwhile, say what changed. */
  const onConflict = async (error: ApiError): Promise<boolean> => {
    const before = task;
    const { data: after } = await taskQuery.refetch();
    void refreshAll();
    if (!after || after.version === before.version) return false;
    setAction(null);
    const changes = changesBetween(before, after);
    const attempted = action ? `thao tác “${ACTION_TEXT[action].button}”` : 'thao tác của bạn';
    modal.warning({
      title: 'Nhiệm vụ vừa được cập nhật',
      content: (
        <div>
          <p>
            Trong lúc bạn thao tác, nhiệm vụ đã được người khác cập nhật nên {attempted} chưa được
            thực hiện. Trang đã tải lại thông tin mới nhất{changes.length ? ':' : '.'}
          </p>
          {!changes.length && <p>{errorMessage(error)}</p>}
          {changes.length > 0 && (
            <ul>
              {changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
        </div>
      ),
      okText: 'Đã hiểu',
    });
    return true;
  };

  const sourceLabel = sources.data?.get(task.source) ?? task.source;
  const lastEvent = [...(timeline.data ?? [])].reverse().find((e) => e.type === 'event');

  return (
    <div style={{ maxWidth: 1280 }}>
      <Link to="/nhiem-vu">
        <ArrowLeftOutlined /> Danh sách nhiệm vụ
      </Link>
      <Typography.Title
        level={1}
        style={{ fontSize: 24, marginTop: 8, marginBottom: 8, overflowWrap: 'anywhere' }}
      >
        {task.title}
      </Typography.Title>
      <Flex wrap gap={6} align="center" style={{ marginBottom: 12 }}>
        <Tag
          data-testid="task-status"
          style={{ color: '#1f1f1f', background: '#f0f5ff', borderColor: '#adc6ff' }}
        >
          {STATUS_LABELS[task.status] ?? task.status}
        </Tag>
        <TimelinessTag task={task} />
        {(task.priority === 'high' || task.priority === 'urgent') && (
          <Tag style={{ color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' }}>
            Ưu tiên: {PRIORITY_LABELS[task.priority]}
          </Tag>
        )}
        {task.code && <Typography.Text style={MUTED}>Mã: {task.code}</Typography.Text>}
      </Flex>

      {task.pendingExtension && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Đang chờ quyết định gia hạn đến ${formatDate(task.pendingExtension.newDueDate)}`}
          description={`Lý do: ${task.pendingExtension.reason} (gửi lúc ${formatDateTime(task.pendingExtension.requestedAt)})`}
        />
      )}

      <Card size="small" style={{ marginBottom: 16 }} title={heading('Thao tác')}>
        {actions.length ? (
          <Flex wrap gap={8} role="group" aria-label="Thao tác với nhiệm vụ">
            {actions.map((a) => (
              <Button
                key={a}
                type={a === primary ? 'primary' : 'default'}
                danger={a === 'cancel'}
                onClick={() => setAction(a)}
              >
                {ACTION_TEXT[a].button}
              </Button>
            ))}
          </Flex>
        ) : (
          <Typography.Text style={MUTED}>
            {task.status === 'completed' || task.status === 'cancelled'
              ? `Nhiệm vụ đã ${task.status === 'completed' ? 'hoàn thành' : 'bị hủy'}; không còn thao tác nào cần thực hiện.`
              : 'Hiện bạn không có thao tác nào cần thực hiện với nhiệm vụ này. Bạn vẫn có thể trao đổi và theo dõi diễn biến.'}
          </Typography.Text>
        )}
        {lastEvent?.event && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
              Cập nhật gần nhất:{' '}
              {TASK_EVENT_LABELS[lastEvent.event.action] ?? lastEvent.event.action}
              {lastEvent.actor ? ` – ${lastEvent.actor.fullName}` : ''},{' '}
              {formatDateTime(lastEvent.at)}
            </Typography.Text>
          </div>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={16}>
            <Card title={heading('Thông tin nhiệm vụ')} size="small">
              <TaskSummary task={task} units={unitMap} sourceLabel={sourceLabel} />
            </Card>
            <Card title={heading('Tệp đính kèm')} size="small">
              <TaskFiles taskId={id} files={files.data ?? []} canUpload={mayUploadFiles(task)} />
            </Card>
            <Card title={heading('Trao đổi')} size="small">
              <TaskComments taskId={id} comments={comments.data ?? []} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            <Card title={heading('Diễn biến xử lý')} size="small">
              {timeline.isLoading ? (
                <PageLoading />
              ) : (
                <TaskHistory entries={timeline.data ?? []} units={unitMap} />
              )}
            </Card>
            <Card title={heading('Nhắc hạn đã gửi')} size="small">
              {reminders.isLoading ? (
                <PageLoading />
              ) : (
                <TaskReminders
                  reminders={reminders.data ?? []}
                  hasDueDate={!!task.dueDate}
                  open={task.status !== 'completed' && task.status !== 'cancelled'}
                />
              )}
            </Card>
            <Card title={heading('Nhiệm vụ con')} size="small">
              <SubtaskList
                tasks={subtasks.data?.items ?? []}
                canSplit={actions.includes('split')}
              />
            </Card>
          </Flex>
        </Col>
      </Row>

      {action && (
        <ActionModal
          key={action}
          action={action}
          task={task}
          actor={actor}
          units={unitMap}
          onClose={() => setAction(null)}
          onDone={(result) => {
            onDone(result);
          }}
          onConflict={onConflict}
        />
      )}
    </div>
  );
}
