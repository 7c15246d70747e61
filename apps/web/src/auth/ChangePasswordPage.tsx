import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { saveSession, readSession } from './session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Changing one's own password; the API revokes older tokens and answers with a fresh one. */
export function ChangePasswordPage() {
  const [form] = Form.useForm<PasswordForm>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordForm) =>
      unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } })),
    onSuccess: (data) => {
      const actor = readSession()?.actor;
      if (data?.accessToken && actor) saveSession({ accessToken: data.accessToken, actor });
      message.success('Đã đổi mật khẩu.');
      navigate('/');
    },
    onError: (error) => {
      form.setFields(fieldErrors(error, ['currentPassword', 'newPassword']).fields);
    },
  });

  return (
    <Card style={{ maxWidth: 480 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        Đổi mật khẩu
      </Typography.Title>
      {change.error &&
        !fieldErrors(change.error, ['currentPassword', 'newPassword']).fields.length && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errorMessage(change.error)}
          />
        )}
      <Form<PasswordForm>
        form={form}
        layout="vertical"
        onFinish={(values) => change.mutate(values)}
        disabled={change.isPending}
      >
        <Form.Item
          label="Mật khẩu hiện tại"
          name="currentPassword"
          rules={[{ required: true, message: 'Vui lòng nhập mật khẩu hiện tại.' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="Mật khẩu mới"
          name="newPassword"
          extra="Ít nhất 8 ký tự."
          rules={[
            { required: true, message: 'Vui lòng nhập mật khẩu mới.' },
            { min: 8, message: 'Mật khẩu mới cần ít nhất 8 ký tự.' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Vui lòng nhập lại mật khẩu mới.' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Hai lần nhập mật khẩu mới không khớp.')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          Đổi mật khẩu
        </Button>
      </Form>
    </Card>
  );
}
