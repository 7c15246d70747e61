import {
  ApartmentOutlined,
  BellOutlined,
  DashboardOutlined,
  FormOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ScheduleOutlined,
  ProfileOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { clearSession, hasRole } from '../auth/session';
import { useSession } from '../auth/useSession';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { ROLE_LABELS } from '../shared/labels';
import { PageLoading } from '../shared/PageLoading';

const { Header, Sider, Content } = Layout;

type Actor = NonNullable<ReturnType<typeof useSession>>['actor'];

/** The menu a user sees follows what their roles let them do. */
function menuItems(actor: Actor) {
  const items = [];
  if (hasRole(actor, 'leader', 'monitor', 'admin')) {
    items.push({ key: '/tong-quan', icon: <DashboardOutlined />, label: 'Tổng quan' });
  }
  items.push(
    { key: '/viec-cua-toi', icon: <ProfileOutlined />, label: 'Việc của tôi' },
    { key: '/nhiem-vu', icon: <UnorderedListOutlined />, label: 'Danh sách nhiệm vụ' },
  );
  if (hasRole(actor, 'leader', 'unit_manager', 'admin')) {
    items.push({ key: '/nhiem-vu/giao-moi', icon: <FormOutlined />, label: 'Giao nhiệm vụ' });
  }
  items.push({ key: '/dinh-ky', icon: <ScheduleOutlined />, label: 'Nhiệm vụ định kỳ' });
  if (hasRole(actor, 'admin', 'leader', 'monitor')) {
    items.push({ key: '/to-chuc', icon: <ApartmentOutlined />, label: 'Sắp xếp tổ chức' });
  }
  items.push({ key: '/thong-bao', icon: <BellOutlined />, label: 'Thông báo' });
  return items;
}

/** The longest menu key the current path starts with, so /nhiem-vu/123 highlights the list. */
function selectedKey(pathname: string, keys: string[]): string[] {
  const match = keys
    .filter((k) => pathname === k || pathname.startsWith(k + '/'))
    .sort((a, b) => b.length - a.length)[0];
  if (match === '/nhiem-vu' && pathname !== '/nhiem-vu') return [];
  return match ? [match] : [];
}

export function AppLayout() {
  const session = useSession()!;
  const { actor } = session;
  const screens = Grid.useBreakpoint();
  const phone = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const items = menuItems(actor);
  const selected = selectedKey(
    location.pathname,
    items.map((i) => i.key),
  );

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      items={items.map((i) => ({ ...i, label: <Link to={i.key}>{i.label}</Link> }))}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const signOut = () => {
    clearSession();
    navigate('/dang-nhap', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: phone ? 12 : 24,
          background: '#0b3d78',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        {phone && (
          <Button
            type="text"
            aria-label="Mở danh mục chức năng"
            icon={<MenuOutlined style={{ color: '#fff', fontSize: 20 }} />}
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link to="/" style={{ color: '#fff', fontWeight: 700, fontSize: 18, whiteSpace: 'nowrap' }}>
          GiaoViec
        </Link>
        {!phone && (
          <Typography.Text style={{ color: '#c9d8ee' }} ellipsis>
            Theo dõi kế hoạch và nhiệm vụ được giao
          </Typography.Text>
        )}
        <Space style={{ marginInlineStart: 'auto' }} size={phone ? 4 : 12}>
          <NotificationBell />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  disabled: true,
                  label: (
                    <span>
                      {actor.fullName}
                      <br />
                      <Typography.Text type="secondary">
                        {actor.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}
                      </Typography.Text>
                    </span>
                  ),
                },
                { type: 'divider' },
                {
                  key: 'password',
                  icon: <KeyOutlined />,
                  label: <Link to="/doi-mat-khau">Đổi mật khẩu</Link>,
                },
                { key: 'logout', icon: <LogoutOutlined />, label: 'Đăng xuất', onClick: signOut },
              ],
            }}
          >
            <Button
              type="text"
              aria-label={`Tài khoản: ${actor.fullName}`}
              style={{ color: '#fff' }}
              icon={<UserOutlined />}
            >
              {!phone && actor.fullName}
            </Button>
          </Dropdown>
        </Space>
      </Header>
      <Layout>
        {!phone && (
          <Sider width={232} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <nav aria-label="Chức năng chính">{menu}</nav>
          </Sider>
        )}
        <Drawer
          title="GiaoViec"
          placement="left"
          open={phone && drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
        >
          <nav aria-label="Chức năng chính">{menu}</nav>
        </Drawer>
        <Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <main>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
