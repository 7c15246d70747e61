import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../api/errors';
import { formatDateTime } from '../../../shared/format';
import { taskKeys } from './taskApi';
import { MUTED } from '../../../shared/muted';

type Comment = Schemas['TaskCommentDto'];

/** Trao đổi: the comment thread of the task, oldest first, with a box to add one. */
export function TaskComments({ taskId, comments }: { taskId: string; comments: Comment[] }) {
  const [form] = Form.useForm<{ body: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (body: string) =>
      unwrap(
        api.POST('/api/v1/tasks/{id}/comments', {
          params: { path: { id: taskId } },
          body: { body },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: taskKeys.all(taskId) });
    },
    onError: (error) => {
      const { fields } = fieldErrors(error, ['body']);
      if (fields.length) form.setFields(fields);
      else message.error(errorMessage(error));
    },
  });

  return (
    <>
      {comments.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <span style={MUTED}>
              Chưa có ý kiến trao đổi. Nhập ý kiến bên dưới để trao đổi với các đơn vị liên quan.
            </span>
          }
        />
      ) : (
        <ol aria-label="Các ý kiến trao đổi" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {comments.map((c) => (
            <li key={c.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Typography.Text strong>{c.author.fullName}</Typography.Text>{' '}
              <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
                {c.author.unitName} · {formatDateTime(c.createdAt)}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.body}</div>
            </li>
          ))}
        </ol>
      )}
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        onFinish={({ body }) => send.mutate(body.trim())}
        disabled={send.isPending}
      >
        <Form.Item
          name="body"
          label="Ý kiến trao đổi"
          rules={[
            { required: true, whitespace: true, message: 'Vui lòng nhập nội dung trao đổi.' },
            { max: 5000, message: 'Tối đa 5.000 ký tự.' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Button htmlType="submit" loading={send.isPending}>
          Gửi ý kiến
        </Button>
      </Form>
    </>
  );
}
