import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

/** What a user sees for something outside their scope: a clear page, never the data or a raw error. */
export function NoAccess({ what = 'nội dung này' }: { what?: string }) {
  return (
    <Result
      status="403"
      title="Không có quyền truy cập"
      subTitle={`Bạn không có quyền xem ${what}. Nếu cần, hãy liên hệ đơn vị chủ trì hoặc quản trị hệ thống.`}
      extra={
        <Link to="/">
          <Button type="primary">Về trang chính</Button>
        </Link>
      }
    />
  );
}
