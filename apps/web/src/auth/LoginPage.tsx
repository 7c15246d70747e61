import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/errors';
import { safeNext, saveSession } from './session';
import { useSession } from './useSession';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = params.get('het-han') === '1';
  const navigate = useNavigate();
  const session = useSession();
  const login = useMutation({
    mutationFn: (body: Credentials) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (data) => {
      saveSession({ accessToken: data.accessToken, actor: data.actor });
      navigate(next, { replace: true });
    },
  });

  if (session && !login.isPending) return <Navigate to={next} replace />;

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        alignContent: 'center',
        gap: 16,
        background: '#eef3fa',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400, borderTop: '4px solid #0b3d78' }}>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4, color: '#0b3d78' }}>
          GiaoViec
        </Typography.Title>
        <Typography.Paragraph style={{ color: '#434343' }}>
          Hệ thống giao việc và theo dõi thực hiện nhiệm vụ
        </Typography.Paragraph>
        {expired && !login.error && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại để tiếp tục."
          />
        )}
        {login.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={errorMessage(login.error)}
          />
        )}
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate(values)}
          disabled={login.isPending}
        >
          <Form.Item
            label="Tên đăng nhập"
            name="username"
            rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập tên đăng nhập.' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label="Mật khẩu"
            name="password"
            rules={[{ required: true, message: 'Vui lòng nhập mật khẩu.' }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            Đăng nhập
          </Button>
        </Form>
      </Card>
    </main>
  );
}
