import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { Link } from 'react-router-dom';
import { useUnreadCount } from './useNotifications';

/**
 * The header's bell: the unread count (polled every ~30 s and on focus), read out as
 * "Thông báo, N chưa đọc"; opens the inbox.
 */
export function NotificationBell() {
  const { data } = useUnreadCount();
  const count = data?.count ?? 0;
  const label = count > 0 ? `Thông báo, ${count} chưa đọc` : 'Thông báo, không có thông báo mới';
  return (
    <Link
      to="/thong-bao"
      aria-label={label}
      title={label}
      className="notification-bell"
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        minWidth: 40,
        height: 40,
        borderRadius: 6,
        color: '#fff',
      }}
    >
      <Badge
        count={count}
        overflowCount={99}
        size="small"
        // Dark red under white digits: readable (WCAG AA), and the number says it, not the colour.
        style={{ background: '#a8071a', color: '#fff', boxShadow: '0 0 0 1px #0b3d78' }}
      >
        <BellOutlined aria-hidden style={{ color: '#fff', fontSize: 20 }} />
      </Badge>
    </Link>
  );
}
